import { describe, expect, it } from "vitest";
import { prefetch } from "../../../src/sync/prefetch.js";

async function* numbers(n: number, pulled: number[], failAt?: number) {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 1));
    if (i === failAt) throw new Error(`boom at ${i}`);
    pulled.push(i);
    yield i;
  }
}

describe("prefetch", () => {
  it("yields every item in order", async () => {
    const out: number[] = [];
    for await (const x of prefetch(numbers(50, []), 7)) out.push(x);
    expect(out).toEqual([...Array(50).keys()]);
  });

  it("reads ahead while the consumer is busy, but never more than max items", async () => {
    const pulled: number[] = [];
    const it = prefetch(numbers(100, pulled), 5)[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(pulled.length).toBe(6);
    await it.return!(undefined);
  });

  it("surfaces the source's error after the items before it", async () => {
    const out: number[] = [];
    await expect((async () => { for await (const x of prefetch(numbers(10, [], 4), 3)) out.push(x); })()).rejects.toThrow("boom at 4");
    expect(out).toEqual([0, 1, 2, 3]);
  });

  it("stops the source when the consumer stops early", async () => {
    const pulled: number[] = [];
    for await (const x of prefetch(numbers(1000, pulled), 3)) if (x === 2) break;
    await new Promise((r) => setTimeout(r, 30));
    expect(pulled.length).toBeLessThanOrEqual(7);
  });
});
