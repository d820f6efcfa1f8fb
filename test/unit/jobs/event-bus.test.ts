import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { createEventBus, subscriberTarget } from "../../../src/events.js";

describe("the in-process event bus", () => {
  it("takes 1,000 subscribers of one topic without a MaxListenersExceededWarning, delivers to each, and drops each listener when its subscription ends", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on("warning", onWarning);
    const target = subscriberTarget();
    const bus = createEventBus(target);
    const subs = Array.from({ length: 1000 }, () => bus.subscribe("SYNC_PROGRESS")[Symbol.asyncIterator]());
    const next = subs.map((s) => s.next());
    bus.publish("SYNC_PROGRESS", { orgId: "o1", runId: "r1", connectionId: "c1", seq: 1 });
    const got = await Promise.all(next);
    expect(got.every((g) => (g.value as { seq: number }).seq === 1)).toBe(true);
    expect(getEventListeners(target, "SYNC_PROGRESS")).toHaveLength(1000);
    await Promise.all(subs.map((s) => s.return?.()));
    expect(getEventListeners(target, "SYNC_PROGRESS")).toHaveLength(0);
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(warnings).toEqual([]);
  });
});
