import { describe, expect, it } from "vitest";
import { createOrgGate } from "../../../src/server/time-budget.js";

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe("per-organization concurrency gate", () => {
  it("runs at most the limit per organization and hands slots on in arrival order", async () => {
    const gate = createOrgGate(2);
    const [a1, a2, a3, a4] = [1, 2, 3, 4].map(() => gate.acquire("a"));
    expect([await settled(a1!.granted), await settled(a2!.granted), await settled(a3!.granted), await settled(a4!.granted)]).toEqual([true, true, false, false]);
    a2!.release();
    expect([await settled(a3!.granted), await settled(a4!.granted)]).toEqual([true, false]);
    a1!.release();
    expect(await settled(a4!.granted)).toBe(true);
  });

  it("does not make one organization wait for another's", async () => {
    const gate = createOrgGate(1);
    gate.acquire("a");
    gate.acquire("a");
    expect(await settled(gate.acquire("b").granted)).toBe(true);
  });

  it("forgets a waiter that gave up, so the slot goes to the next one", async () => {
    const gate = createOrgGate(1);
    const first = gate.acquire("a");
    const gaveUp = gate.acquire("a");
    const next = gate.acquire("a");
    gaveUp.release();
    first.release();
    expect([await settled(gaveUp.granted), await settled(next.granted)]).toEqual([false, true]);
    next.release();
    expect(await settled(gate.acquire("a").granted)).toBe(true);
  });
});
