import { describe, expect, it } from "vitest";
import { createLoadLane, enqueueLoad, settleLane, stopLane } from "../../../src/sync/load-lane.js";

/** A load that the test finishes by hand: `done()` resolves it, `fail()` rejects it. */
function gate() {
  let done!: () => void, fail!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => { done = res; fail = rej; });
  return { promise, done, fail };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("load lane", () => {
  it("runs loads one at a time, in the order they were handed over", async () => {
    const lane = createLoadLane(3);
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    for (const [i, g] of gates.entries()) await enqueueLoad(lane, async () => { log.push(`start ${i}`); await g.promise; log.push(`end ${i}`); });
    await tick();
    expect(log).toEqual(["start 0"]);
    gates[1]!.done();
    gates[0]!.done();
    await tick();
    gates[2]!.done();
    await settleLane(lane);
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
  });

  it("makes the one handing over a chunk beyond its depth wait for the oldest to settle", async () => {
    const lane = createLoadLane(2);
    const first = gate();
    await enqueueLoad(lane, () => first.promise);
    await enqueueLoad(lane, async () => {});
    let third = false;
    const handing = enqueueLoad(lane, async () => {}).then(() => { third = true; });
    await tick();
    expect(third).toBe(false);
    first.done();
    await handing;
    expect(third).toBe(true);
    await settleLane(lane);
  });

  it("skips every load after a failed one and throws its error to the next hand-over and to settle", async () => {
    const lane = createLoadLane(3);
    const ran: number[] = [];
    const failing = gate();
    await enqueueLoad(lane, async () => { ran.push(0); await failing.promise; });
    await enqueueLoad(lane, async () => { ran.push(1); });
    failing.fail(new Error("chunk 0 failed"));
    await expect(settleLane(lane)).rejects.toThrow("chunk 0 failed");
    await expect(enqueueLoad(lane, async () => { ran.push(2); })).rejects.toThrow("chunk 0 failed");
    expect(ran).toEqual([0]);
  });

  it("on stop, lets the load in flight finish and drops the ones not started", async () => {
    const lane = createLoadLane(3);
    const ran: string[] = [];
    const first = gate();
    await enqueueLoad(lane, async () => { ran.push("start 0"); await first.promise; ran.push("end 0"); });
    await enqueueLoad(lane, async () => { ran.push("start 1"); });
    await tick();
    const stopping = stopLane(lane);
    first.done();
    await stopping;
    expect(ran).toEqual(["start 0", "end 0"]);
  });
});
