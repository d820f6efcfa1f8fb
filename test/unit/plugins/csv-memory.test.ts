import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCsvStream } from "../../../src/plugins/csv/parse-stream.js";
import { normalizeCsvRow } from "../../../src/plugins/csv/normalize.js";
import { valueOptions } from "../../../src/plugins/csv/values.js";

const MB = 1024 * 1024;
const TOTAL = 32 * MB;

/** A generated spend CSV of `bytes`, produced chunk by chunk as the parser asks for it. */
function* csv(bytes: number) {
  yield "Day,Campaign,Cost,Impressions,Clicks,Conversions,Conv. value\n";
  let sent = 0;
  for (let row = 0; sent < bytes; ) {
    let chunk = "";
    for (let i = 0; i < 2000; i++, row++) chunk += `2024-${String(1 + (row % 12)).padStart(2, "0")}-${String(1 + (row % 28)).padStart(2, "0")},Campaign ${row % 997},${row % 9000}.25,${row % 100000},${row % 700},${row % 9},${(row % 500) * 3}.10\n`;
    sent += chunk.length;
    yield chunk;
  }
}

describe("streamed CSV import memory", () => {
  // Memory that grew with the file would rise by ≈ half the input (16 MB) between the two halves; a stream stays flat.
  it("maps 32 MB of CSV with resident memory no higher in the second half than in the first", async () => {
    const ctx = { ...valueOptions.parse({ defaultCurrency: "USD" }), platform: "google_ads" };
    let rows = 0, loaded = 0, bytes = 0, firstHalf = 0, secondHalf = 0;
    for await (const item of parseCsvStream(Readable.from(csv(TOTAL)))) {
      rows++;
      if (item.kind === "row" && normalizeCsvRow(item.row, ctx).facts.length === 1) loaded++;
      bytes += 48; // about one row
      if ((rows & 0x1fff) !== 0 || bytes < 4 * MB) continue; // skip warm-up
      const rss = process.memoryUsage().rss;
      if (bytes < TOTAL / 2) firstHalf = Math.max(firstHalf, rss);
      else secondHalf = Math.max(secondHalf, rss);
    }
    expect(loaded).toBe(rows);
    expect(rows).toBeGreaterThan(500_000);
    expect((secondHalf - firstHalf) / MB).toBeLessThan(6);
  }, 180_000);
});
