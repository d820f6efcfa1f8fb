import { describe, expect, it } from "vitest";
import { cursorPages, pageNumberPages } from "../../../src/plugins/paging.js";
import { BadUpstreamData } from "../../../src/plugins/errors.js";

const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe("paging helpers", () => {
  it("cursorPages follows cursors until the last page", async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { start: { items: [1, 2], next: "b" }, b: { items: [3], next: "c" }, c: { items: [4] } };
    const out = await collect(cursorPages(async (c) => pages[c ?? "start"]!));
    expect(out).toEqual([{ items: [1, 2], index: 1 }, { items: [3], index: 2 }, { items: [4], index: 3 }]);
  });

  it("cursorPages fails instead of looping when a cursor repeats", async () => {
    await expect(collect(cursorPages(async () => ({ items: [1], next: "same" })))).rejects.toBeInstanceOf(BadUpstreamData);
  });

  it("pageNumberPages stops at totalPages", async () => {
    const calls: number[] = [];
    const out = await collect(pageNumberPages(async (p) => { calls.push(p); return { items: [p], totalPages: 3 }; }));
    expect(out.map((p) => p.items[0])).toEqual([1, 2, 3]);
    expect(calls).toEqual([1, 2, 3]);
  });

  it("pageNumberPages stops on a short page when the page size is known, and on an empty page", async () => {
    const short = await collect(pageNumberPages(async (p) => ({ items: p === 1 ? [1, 2] : [3] }), { pageSize: 2 }));
    expect(short.map((p) => p.items)).toEqual([[1, 2], [3]]);
    const empty = await collect(pageNumberPages(async (p) => ({ items: p < 3 ? [p] : [] }), { start: 1 }));
    expect(empty.map((p) => p.items)).toEqual([[1], [2]]);
  });
});
