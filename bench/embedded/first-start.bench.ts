/**
 * Embedded PGlite start on an empty folder vs a second start, each in a fresh process: time to ready (database open +
 * migrations) and peak RSS, and what the first start spends it on (initdb + extensions, migrations).
 * Goal (issue 16): first start < 300 MiB RSS and < 3 s to ready.
 *
 *   npx tsx bench/embedded/first-start.bench.ts
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

interface Start { openMs: number; migrateMs: number; readyMs: number; maxRssMiB: number }
const child = fileURLToPath(new URL("start-child.ts", import.meta.url));
const run = (env: Record<string, string>): Start =>
  JSON.parse(execFileSync(process.execPath, ["--import", "tsx", child], { env: { ...process.env, ...env }, encoding: "utf8" }).trim().split("\n").pop()!);

const dirs: string[] = [];
const fresh = () => { const d = mkdtempSync(join(tmpdir(), "liftgate-embedded-")); dirs.push(d); return d; };
try {
  const dir = fresh();
  const first = run({ DATA_DIR: dir });
  const second = run({ DATA_DIR: dir });
  const bare = run({ DATA_DIR: fresh(), EXTENSIONS: "none", MIGRATE: "no" });
  const withExt = run({ DATA_DIR: fresh(), MIGRATE: "no" });
  const memory = run({ EXTENSIONS: "none", MIGRATE: "no" });
  const row = (label: string, s: Start) => `| ${label} | ${s.openMs} | ${s.migrateMs} | ${s.readyMs} | ${s.maxRssMiB} |`;
  console.log(`| start (fresh process each) | open ms | migrations ms | ready ms | peak RSS MiB |\n|---|---|---|---|---|`);
  console.log(row("first start, empty folder (as liftgate: vector + pg_trgm, migrations)", first));
  console.log(row("second start, same folder", second));
  console.log(row("empty folder, initdb only (no extensions, no migrations)", bare));
  console.log(row("empty folder, initdb + vector + pg_trgm (no migrations)", withExt));
  console.log(row("in memory, no folder (no extensions, no migrations)", memory));
  console.log(`\nfirst / second start: time ${(first.readyMs / second.readyMs).toFixed(2)}×, RSS ${(first.maxRssMiB / second.maxRssMiB).toFixed(2)}×; goal: first start < 3,000 ms and < 300 MiB`);
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
