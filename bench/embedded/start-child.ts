// One embedded start in a fresh process, then migrations; prints {openMs, migrateMs, readyMs, cpuMs, maxRssMiB} as one
// JSON line (cpuMs: CPU time of all its threads until ready, which a loaded machine stretches less than wall time).
// MODE=liftgate (default): liftgate's own open (its settings; an empty folder starts from the build's template unless
// TEMPLATE=no). MODE=pglite: PGlite with its defaults (EXTENSIONS=none leaves out vector and pg_trgm).
// MIGRATE=no skips the migrations.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { embeddedTemplateDir } from "../../src/db/embedded-template.js";

const dataDir = process.env.DATA_DIR;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let openMs: number;
let close: () => Promise<void>;
if (process.env.MODE === "pglite") {
  const client = await PGlite.create({ dataDir, ...(process.env.EXTENSIONS === "none" ? {} : { extensions: { vector, pg_trgm } }) });
  openMs = performance.now() - t0;
  if (process.env.MIGRATE !== "no") await migratePglite(drizzle(client), { migrationsFolder: new URL("../../drizzle", import.meta.url).pathname });
  close = () => client.close();
} else {
  const database = await openDatabase({ dataDir, template: process.env.TEMPLATE === "no" ? undefined : embeddedTemplateDir() });
  openMs = performance.now() - t0;
  if (process.env.MIGRATE !== "no") await migrate(database);
  close = () => database.close();
}
const readyMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await close();
process.stdout.write(`${JSON.stringify({ openMs: Math.round(openMs), migrateMs: Math.round(readyMs - openMs), readyMs: Math.round(readyMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
