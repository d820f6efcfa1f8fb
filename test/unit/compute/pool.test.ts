import { afterAll, describe, expect, it } from "vitest";
import { fitMmm } from "../../../src/analytics/attribution/mmm/fit-mmm.js";
import { getPriority } from "node:os";
import { closeCompute, compute, configureCompute } from "../../../src/compute/pool.js";
import { AppError } from "../../../src/errors.js";
import { generateWorld } from "../attribution/mmm-world.js";

afterAll(() => closeCompute());

describe("the compute pool (worker threads)", () => {
  it("keeps the event loop free while a task burns CPU for 400 ms", async () => {
    await compute("spin", [1]); // warm a thread: its start-up is not what this test measures
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    const result = await compute("spin", [400]);
    clearInterval(timer);
    expect(result).toBe(400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    // On the event loop the interval could not fire at all during the spin; in a thread it fires up to 40 times (fewer on a loaded machine).
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it("runs its threads at nice 19 on Linux, below the event loop, or at the nice value configured", async () => {
    // On Linux nice(2) and getpriority(2) of process 0 are per thread: the test process itself keeps its own value.
    const own = getPriority();
    expect(await compute("niceness", [])).toBe(Math.min(19, own + 19));
    await closeCompute();
    configureCompute({ nice: 5 });
    expect(await compute("niceness", [])).toBe(Math.min(19, own + 5));
    await closeCompute();
    configureCompute({ nice: 19 });
    expect(getPriority()).toBe(own);
  });

  it("aborting terminates the running task and rejects with AbortError", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await expect(compute("spin", [20_000], { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("rejects at once when the signal is already aborted", async () => {
    await expect(compute("spin", [10], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("an AppError thrown in a thread keeps its class, code and message", async () => {
    const world = generateWorld(10, 1);
    const error = await compute("fitMmm", [world.input, {}]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", message: "A marketing mix model needs at least 20 periods of data; got 10." });
  });

  it("fits an MMM in a thread to exactly the in-process result, reporting progress up to 1", async () => {
    const world = generateWorld(120, 3);
    const config = { bootstrap: 20, passes: 1 };
    const stages: [number, string][] = [];
    const threaded = await compute("fitMmm", [world.input, config], { onProgress: (f, s) => void stages.push([f, s]) });
    const local = await fitMmm(world.input, config);
    expect(threaded).toEqual(local);
    await new Promise((r) => setTimeout(r, 20)); // the last progress message may trail the result
    expect(stages.at(-1)).toEqual([1, "done"]);
    expect(stages.some(([, s]) => s === "search")).toBe(true);
  });
});
