/**
 * CSV import: memory stays flat however large the file. Streams a generated spend CSV of `--mb` megabytes
 * (default 1024) from disk through the parser and row mapper (and, with `--db`, into PGlite) and prints the
 * file size next to the peak RSS growth: the ratio is what "never read into memory" means in numbers.
 *   npx tsx bench/csv-import-memory.ts [--mb 1024] [--db]
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCsvStream } from "../src/plugins/csv/parse-stream.js";
import { normalizeCsvRow } from "../src/plugins/csv/normalize.js";
import { valueOptions } from "../src/plugins/csv/values.js";

const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? undefined : process.argv[i + 1] ?? "true"; };
const targetMb = Number(arg("mb") ?? 1024);
const withDb = arg("db") !== undefined;
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  out.write("Reporting starts,Campaign name,Ad name,Amount spent (USD),Impressions,Link clicks,Results,Purchases conversion value\n");
  let written = 0, row = 0;
  while (written < bytes) {
    let chunk = "";
    for (let i = 0; i < 2000; i++, row++) {
      const day = new Date(Date.UTC(2024, 0, 1) + (row % 365) * 86_400_000).toISOString().slice(0, 10);
      chunk += `${day},Campaign ${row % 997},Ad ${row % 4999},"${(row % 9000) + 1}.25",${row % 100000},${row % 700},${row % 9},${(row % 500) * 3}.10\n`;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return row;
}

const dir = await mkdtemp(join(tmpdir(), "liftgate-bench-"));
try {
  const file = join(dir, "big.csv");
  const rowsWritten = await generate(file, targetMb * 1024 * 1024);
  const size = (await stat(file)).size;
  global.gc?.();
  let base = process.memoryUsage().rss;
  let peak = base, rows = 0, loaded = 0;
  const started = Date.now();
  const ctx: Parameters<typeof normalizeCsvRow>[1] = { ...valueOptions.parse({}), platform: "meta" };
  if (withDb) {
    const { openDatabase } = await import("../src/db/client.js");
    const { migrate } = await import("../src/db/migrate.js");
    const { organizations } = await import("../src/db/tables/index.js");
    const { orgScope } = await import("../src/db/scope.js");
    const { importCsv } = await import("../src/imports/csv-import.service.js");
    // PGlite on disk: an in-memory PGlite would hold the loaded table itself in RSS.
    const database = await openDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { dataDir: join(dir, "pglite") });
    await migrate(database);
    const [org] = await database.db.insert(organizations).values({ name: "Bench", slug: `bench-${Date.now()}` }).returning();
    base = peak = process.memoryUsage().rss; // after the driver and migrations are loaded
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const r = await importCsv(orgScope(database, org!.id), { open: () => createReadStream(file) }, { platform: "meta" }, "bench");
    clearInterval(timer);
    rows = r.batch.rowsRead; loaded = r.batch.rowsLoaded;
    await database.close();
  } else {
    for await (const item of parseCsvStream(createReadStream(file), { onHeader: (m) => { ctx.headerCurrency = m.headerCurrency; } })) {
      rows++;
      if (item.kind === "row" && normalizeCsvRow(item.row, ctx).facts.length) loaded++;
      if ((rows & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  const secs = (Date.now() - started) / 1000;
  console.log(`mode                 ${withDb ? `importCsv into ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}` : "parse + map (no database)"}`);
  console.log(`file                 ${mb(size)} MB, ${rowsWritten} data rows`);
  console.log(`rows read / loaded   ${rows} / ${loaded}`);
  console.log(`throughput           ${(size / 1024 / 1024 / secs).toFixed(1)} MB/s, ${Math.round(rows / secs)} rows/s`);
  console.log(`RSS baseline → peak  ${mb(base)} MB → ${mb(peak)} MB (growth ${mb(peak - base)} MB)`);
  console.log(`file size : growth   ${(size / Math.max(1, peak - base)).toFixed(1)} : 1`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
