import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCsvStream, sniffDelimiter, type CsvItem } from "../../../src/plugins/csv/parse-stream.js";

const collect = async (text: string | string[], opts = {}) => {
  const out: CsvItem[] = [];
  for await (const item of parseCsvStream(Readable.from(Array.isArray(text) ? text : [text]), opts)) out.push(item);
  return out;
};

describe("streamed CSV parsing", () => {
  it("sniffs semicolons, tabs and commas from the header line", () => {
    expect([sniffDelimiter("a;b;c\n1,2;3"), sniffDelimiter("a\tb\n"), sniffDelimiter("a,b")]).toEqual([";", "\t", ","]);
  });

  it("yields rows with their line numbers, skipping blank lines, across chunk boundaries", async () => {
    const items = await collect(["\uFEFFDate,Campaign,Sp", "end\n2024-01-01,A,1\n\n2024-01-02,\"B\nline two\",2\n2024-01-03,C,3\n"]);
    expect(items.map((i) => [i.kind, i.line, i.kind === "row" ? i.row.campaign : ""])).toEqual([
      ["row", 2, "A"], ["row", 4, "B\nline two"], ["row", 6, "C"],
    ]);
  });

  it("reports rows with the wrong number of columns as unreadable, with the line", async () => {
    const items = await collect("Date;Campaign;Spend\n2024-01-01;A\n2024-01-02;B;2\n");
    expect(items[0]).toEqual({ kind: "unreadable", line: 2, cells: ["2024-01-01", "A"], reason: "the row has 2 columns but the header has 3" });
    expect(items[1]!.kind).toBe("row");
  });

  it("throws the mapping error before any row when the header lacks a required column", async () => {
    await expect(collect("Campaign,Spend\nA,1\n")).rejects.toThrow("Cannot find the date column");
  });
});
