// One embedded start in a fresh process: PGlite on DATA_DIR (with or without our extensions), then migrations.
// Prints {initdbMs?, openMs, migrateMs, readyMs, maxRssMiB} as one JSON line.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

const t0 = performance.now();
const client = await PGlite.create({ dataDir: process.env.DATA_DIR, ...(process.env.EXTENSIONS === "none" ? {} : { extensions: { vector, pg_trgm } }) });
const openMs = performance.now() - t0;
if (process.env.MIGRATE !== "no") await migrate(drizzle(client), { migrationsFolder: new URL("../../drizzle", import.meta.url).pathname });
const readyMs = performance.now() - t0;
await client.close();
process.stdout.write(`${JSON.stringify({ openMs: Math.round(openMs), migrateMs: Math.round(readyMs - openMs), readyMs: Math.round(readyMs), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
