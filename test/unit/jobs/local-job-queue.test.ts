import { describe, expect, it } from "vitest";
import { createLocalJobQueue } from "../../../src/jobs/job-queue.js";

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("the embedded job queue", () => {
  it("holds jobs added before a handler exists and runs them once work() registers it", async () => {
    const q = createLocalJobQueue(() => {});
    const seen: unknown[] = [];
    await q.add("sync", { runId: "r1" });
    await tick();
    expect(seen).toEqual([]);
    await q.work({ sync: async (p) => void seen.push(p.runId) }, { concurrency: 1 });
    await tick();
    expect(seen).toEqual(["r1"]);
    await q.stop();
  });

  it("runs jobs of one queue one at a time, in the order added, and other queues alongside", async () => {
    const q = createLocalJobQueue(() => {});
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    await q.work({ index: (p) => new Promise<void>((resolve) => { log.push(`start ${p.n}`); gates.set(String(p.n), () => { log.push(`end ${p.n}`); resolve(); }); }) }, { concurrency: 1 });
    await q.add("index", { n: "a1" }, { queue: "org-a" });
    await q.add("index", { n: "a2" }, { queue: "org-a" });
    await q.add("index", { n: "b1" }, { queue: "org-b" });
    await tick();
    expect(log).toEqual(["start a1", "start b1"]);
    gates.get("a1")!();
    await tick();
    expect(log).toEqual(["start a1", "start b1", "end a1", "start a2"]);
    gates.get("a2")!(); gates.get("b1")!();
    await q.stop();
  });

  it("replaces the payload of a keyed job that has not started yet", async () => {
    const q = createLocalJobQueue(() => {});
    const seen: unknown[] = [];
    let release!: () => void;
    await q.work({ block: () => new Promise<void>((r) => { release = r; }), job: async (p) => void seen.push(p.v) }, { concurrency: 1 });
    await q.add("block", {}, { queue: "q" });
    await q.add("job", { v: 1 }, { queue: "q", jobKey: "k" });
    await q.add("job", { v: 2 }, { queue: "q", jobKey: "k" });
    release();
    await tick();
    expect(seen).toEqual([2]);
    await q.stop();
  });

  it("gives up after maxAttempts and reports the error with the task's name", async () => {
    const errors: [string, string][] = [];
    const q = createLocalJobQueue((err, task) => void errors.push([task, (err as Error).message]));
    let attempts = 0;
    await q.work({ flaky: async () => { attempts++; throw new Error("boom"); } }, { concurrency: 1 });
    await q.add("flaky", {}, { maxAttempts: 1 });
    await tick();
    expect([attempts, errors]).toEqual([1, [["flaky", "boom"]]]);
    await q.stop();
  });

  it("aborts running jobs' signal on stop and waits for them", async () => {
    const q = createLocalJobQueue(() => {});
    let aborted = false;
    await q.work({ long: (_p, { signal }) => new Promise<void>((r) => signal.addEventListener("abort", () => { aborted = true; r(); })) }, { concurrency: 1 });
    await q.add("long", {});
    await tick();
    await q.stop();
    expect(aborted).toBe(true);
  });
});
