import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createCsvPlugin } from "../../../src/plugins/csv/csv.plugin.js";
import type { Message } from "../../../src/plugins/types.js";

const dir = mkdtempSync(join(tmpdir(), "liftgate-csv-plugin-"));
const file = join(dir, "tiktok.csv");
writeFileSync(file, "Date;Campaign name;Cost;Impressions;Conversions;Total purchase value\n2024-02-01;Launch;12,5;100;1;30\n2024-02-02;Launch;x;100;1;30\n");
const csvPlugin = createCsvPlugin({ dir, maxBytes: 1_000_000 });
const ctx = { logger: pino({ level: "silent" }), signal: new AbortController().signal, now: () => new Date("2024-03-01T00:00:00Z") };
const config = csvPlugin.spec.parse({ path: file, platform: "tiktok", decimalSeparator: ",", defaultCurrency: "EUR" });

describe("CSV connection plugin", () => {
  it("reads every row of the file with its line and normalizes it to facts or line-numbered rejects", async () => {
    const records: Message[] = [];
    for await (const m of csvPlugin.read(config, { streams: [], start: "2024-02-01", end: "2024-02-29", state: {} }, ctx)) records.push(m);
    const rows = records.filter((m) => m.type === "record").map((m) => csvPlugin.normalize("csv", (m as { data: unknown }).data, { config }));
    expect(rows.map((r) => [r.facts.map((f) => [f.platform, f.date, f.campaignId, f.spend, f.revenue, f.currency]), r.rejects])).toEqual([
      [[["tiktok", "2024-02-01", "Launch", "12.5", "30", "EUR"]], []],
      [[], [{ reason: 'line 3: spend "x" is not a number (decimal separator ",", thousands separator ".")' }]],
    ]);
    expect(records.at(-1)!.type).toBe("state");
  });

  it("check names a missing file and an unmappable header", async () => {
    expect(await csvPlugin.check({ ...config, path: join(dir, "missing.csv") }, ctx)).toEqual({ ok: false, reason: `No such file in the import directory: ${join(dir, "missing.csv")}. Fix the connection's configuration, then run testConnection.` });
    expect(await csvPlugin.check({ ...config, columns: { spend: "Kosten" } }, ctx)).toEqual({ ok: false, reason: 'Column "Kosten" given for spend is not in the header (6 columns).' });
    expect(await csvPlugin.check(config, ctx)).toEqual({ ok: true });
  });

  it("rejects a config without platform, naming the field", () => {
    const r = csvPlugin.spec.safeParse({ path: file });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(["platform"]);
  });
});
