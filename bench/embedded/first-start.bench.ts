/**
 * Embedded PGlite start on an empty folder vs a second start, each in a fresh process: time to ready (database open +
 * migrations) and peak RSS, and what a first start spends it on (initdb, extensions, migrations, PGlite's default
 * 128 MB of shared buffers). Goal (issue 16): first start < 300 MiB RSS and < 3 s to ready.
 * The template rows need `npm run build` first (it makes dist/embedded/pglite-<version>/).
 *
 *   npx tsx bench/embedded/first-start.bench.ts
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { embeddedTemplate, isTemplateCurrent } from "../../src/db/embedded-template.js";

interface Start { openMs: number; migrateMs: number; readyMs: number; cpuMs: number; maxRssMiB: number }
const child = fileURLToPath(new URL("start-child.ts", import.meta.url));
const run = (env: Record<string, string>): Start =>
  JSON.parse(execFileSync(process.execPath, ["--import", "tsx", child], { env: { ...process.env, ...env }, encoding: "utf8" }).trim().split("\n").pop()!);

if (!isTemplateCurrent()) throw new Error(`No current template at ${embeddedTemplate().dir}: run \`npm run build\` (or \`npx tsx scripts/embedded-template.ts\`) first.`);
const dirs: string[] = [];
const fresh = () => { const d = mkdtempSync(join(tmpdir(), "liftgate-embedded-")); dirs.push(d); return d; };
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
try {
  const rows: [string, Start][] = [];
  const dir = fresh();
  rows.push(["first start, empty folder, from the build's template (liftgate)", run({ DATA_DIR: dir })]);
  rows.push(["second start, same folder (liftgate)", run({ DATA_DIR: dir })]);
  const copy = fresh();
  cpSync(dir, copy, { recursive: true });
  rows.push(["second start, same folder, PGlite's defaults (shared_buffers 128MB)", run({ DATA_DIR: copy, MODE: "pglite" })]);
  rows.push(["first start, empty folder, no template: initdb (liftgate)", run({ DATA_DIR: fresh(), TEMPLATE: "no" })]);
  rows.push(["empty folder, initdb only, PGlite's defaults (no extensions, no migrations)", run({ DATA_DIR: fresh(), MODE: "pglite", EXTENSIONS: "none", MIGRATE: "no" })]);
  console.log(`| start (fresh process each) | open ms | migrations ms | ready ms | CPU ms | peak RSS MiB |\n|---|---|---|---|---|---|`);
  for (const [label, s] of rows) console.log(`| ${label} | ${s.openMs} | ${s.migrateMs} | ${s.readyMs} | ${s.cpuMs} | ${s.maxRssMiB} |`);
  const [first, second, , initdb] = rows.map((r) => r[1]);
  console.log(`\nfirst start from the template / second start: time ${(first.readyMs / second.readyMs).toFixed(2)}×, CPU ${(first.cpuMs / second.cpuMs).toFixed(2)}×, RSS ${(first.maxRssMiB / second.maxRssMiB).toFixed(2)}×`);
  console.log(`first start from the template / with initdb: time ${(first.readyMs / initdb.readyMs).toFixed(2)}×, CPU ${(first.cpuMs / initdb.cpuMs).toFixed(2)}×, RSS ${(first.maxRssMiB / initdb.maxRssMiB).toFixed(2)}×`);
  console.log(`goal: first start < 3,000 ms and < 300 MiB; load average ${load()}`);
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
