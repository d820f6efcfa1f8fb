// Subscription fan-out on the sync's own event loop (issue #16), side by side in one run: one `liftgate serve`
// (its worker runs the sync) on PostgreSQL, a sync of the json-http emulator (20 ms per page) with 0 and then N
// graphql-ws `syncProgress` subscribers on that gateway, in rounds (a shared machine's load drifts over both alike).
// Reports the sync's wall time (started_at → finished_at) with and without subscribers and its ratio, and the
// delivery latency of its events (the event's `at` → the subscriber's callback), p50/p99/max.
// The subscribers run in this process (another core's worth of JSON parsing on a 2-core machine): their latency
// includes waiting for this process's own loop.
// Usage: npx tsx bench/scale-out/fanout-sync.bench.ts [--subscribers 1000] [--rounds 3]
//   PostgreSQL at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:55432/postgres; a scratch database is created and dropped).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { pino } from "pino";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope } from "../../src/db/scope.js";
import { organizations, syncRuns } from "../../src/db/tables/index.js";
import { createEventBus } from "../../src/events.js";
import { createGraphileQueue } from "../../src/jobs/graphile-queue.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { createPostgresUrl } from "../../test/helpers/db.js";
import { startLiftgate } from "../../test/scale-out/processes.js";

const { values: opts } = parseArgs({ options: { subscribers: { type: "string", default: "1000" }, rounds: { type: "string", default: "3" } } });
const n = Number(opts.subscribers);
const ADMIN = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/postgres";
const KEY = randomBytes(32).toString("hex");
const logger = pino({ level: "silent" });
const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(KEY, "hex")), logger };
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };

const emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 3, faults: { slowEvery: 1, slowMs: 20 } });
const { url, drop } = await createPostgresUrl(ADMIN);
const db = await openDatabase({ url, max: 4 });
await migrate(db);
const jobs = await createGraphileQueue(url, logger, { pollIntervalMs: 200 });
const [org] = await db.db.insert(organizations).values({ name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` }).returning();
const scope = orgScope(db, org!.id);
const key = (await createApiKey(scope, { name: "bench", role: "admin" })).secret;
const gateway = await startLiftgate(["serve"], { DATABASE_URL: url, LIFTGATE_ENCRYPTION_KEY: KEY, LIFTGATE_SCHEDULER: "false", LIFTGATE_JOB_POLL_MS: "200", RATE_LIMIT_PER_MINUTE: "0" });
const engine = createSyncEngine({ ...deps, database: db, events: createEventBus(), workerId: "bench:0", jobs });
const conn = await createConnection(scope, deps, { pluginId: "json-http", name: "fan-out", config: { ...emu.config, pageSize: 20 } });
const clients = Array.from({ length: n }, () => createClient({ url: gateway.url!.replace("http", "ws"), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } }));
await Promise.all(clients.map((c) => new Promise<void>((resolve, reject) => { c.on("connected", () => resolve()); c.on("closed", (e) => reject(new Error(`a subscriber could not connect: ${(e as { code?: number }).code}`))); })));

/** CPU time (user + system) the gateway process has used, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
const cpuMs = () => { const f = readFileSync(`/proc/${gateway.pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10; };

/** One sync with `subscribed` of the clients following it: its wall time, the gateway's CPU and every delivery's latency. */
async function syncWith(subscribed: number) {
  const latencies: number[] = [];
  const stops = clients.slice(0, subscribed).map((client) => client.subscribe({ query: "subscription { syncProgress { runId seq phase status stream windowIndex windowCount recordsRead recordsWritten at } }" }, {
    next: (v) => { latencies.push(Date.now() - Date.parse((v.data!.syncProgress as { at: string }).at)); },
    error: (e) => console.error("subscriber error:", e), complete: () => {},
  }));
  await new Promise((r) => setTimeout(r, 1000)); // subscriptions registered on the gateway
  const cpu0 = cpuMs();
  const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-03-31" } });
  await engine.wait(run.id);
  await new Promise((r) => setTimeout(r, 1000)); // the last deliveries
  const cpu = cpuMs() - cpu0;
  stops.forEach((stop) => stop());
  const [row] = await db.db.select({ startedAt: syncRuns.startedAt, finishedAt: syncRuns.finishedAt, progress: syncRuns.progress, status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, run.id));
  if (row?.status !== "succeeded") throw new Error(`sync ${row?.status}`);
  return { ms: row.finishedAt!.getTime() - row.startedAt!.getTime(), cpu, events: (row.progress as { seq?: number } | null)?.seq ?? 0, latencies };
}

const rounds = Number(opts.rounds);
const without: number[] = [], withSubs: number[] = [], latencies: number[] = [], cpuWithout: number[] = [], cpuWith: number[] = [];
let events = 0, delivered = 0;
await syncWith(0); // warm-up: the first sync compiles the paths of both processes
for (let r = 0; r < rounds; r++) {
  const z = await syncWith(0);
  without.push(z.ms);
  cpuWithout.push(z.cpu);
  const s = await syncWith(n);
  withSubs.push(s.ms);
  cpuWith.push(s.cpu);
  latencies.push(...s.latencies);
  events += s.events;
  delivered += s.latencies.length;
}
const median = (xs: number[]) => pct(xs, 0.5);
console.log([
  `${n} graphql-ws subscribers on the gateway that runs the sync, ${rounds} rounds (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`,
  `sync wall time, median of ${rounds}: ${median(without).toFixed(0)} ms without subscribers (${without.map((x) => x.toFixed(0)).join(", ")}), ${median(withSubs).toFixed(0)} ms with ${n} (${withSubs.map((x) => x.toFixed(0)).join(", ")}): ${(median(withSubs) / median(without)).toFixed(2)}×`,
  `gateway CPU per sync, median: ${median(cpuWithout)} ms without, ${median(cpuWith)} ms with ${n} (${((median(cpuWith) - median(cpuWithout)) * 1000 / (delivered / rounds)).toFixed(0)} µs per delivery)`,
  `delivery: ${delivered} of ${events * n} expected; latency p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${Math.max(...latencies)} ms`,
].join("\n"));
await Promise.all(clients.map((c) => c.dispose()));
await gateway.stop();
await jobs.stop();
await db.close();
await drop();
await emu.close();
process.exit(0);
