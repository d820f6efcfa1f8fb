import { describe, expect, it } from "vitest";
import { cached, createRunCache } from "../../../src/plugins/run-cache.js";

describe("per-run look-up cache", () => {
  it("loads a key once, sharing one load between callers at the same time", async () => {
    const cache = createRunCache();
    let loads = 0;
    const load = async () => { loads++; await new Promise((r) => setTimeout(r, 5)); return "act_1"; };
    expect(await Promise.all([cache.get("a", load), cache.get("a", load), cache.get("a", load)])).toEqual(["act_1", "act_1", "act_1"]);
    expect(await cache.get("a", load)).toBe("act_1");
    expect(loads).toBe(1);
  });

  it("keeps no failed load, and forgets a deleted key", async () => {
    const cache = createRunCache();
    let n = 0;
    await expect(cache.get("t", async () => { n++; throw new Error("token endpoint down"); })).rejects.toThrow("token endpoint down");
    expect(await cache.get("t", async () => `token-${++n}`)).toBe("token-2");
    cache.delete("t");
    expect(await cache.get("t", async () => `token-${++n}`)).toBe("token-3");
  });

  it("loads every time outside a run (no cache in the context)", async () => {
    let loads = 0;
    await cached({}, "k", async () => ++loads);
    await cached({}, "k", async () => ++loads);
    expect(loads).toBe(2);
  });
});
