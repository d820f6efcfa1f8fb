// Subscription fan-out on the sync's own event loop (issue #16), side by side in one run: one `liftgate serve`
// (its worker runs the sync) on PostgreSQL, a sync of the json-http emulator (20 ms per page) with 0 and then N
// graphql-ws `syncProgress` subscribers on that gateway, in rounds (a shared machine's load drifts over both alike).
// Reports the sync's wall time (started_at → finished_at) with and without subscribers and its ratio, and the
// delivery latency of its events (the event's `at` → the subscriber's callback), p50/p99/max.
// The subscribers run in this process (another core's worth of JSON parsing on a 2-core machine): their latency
// includes waiting for this process's own loop. The emulator runs in a process of its own.
// Usage: npx tsx bench/scale-out/fanout-sync.bench.ts [--subscribers 1000] [--rounds 3] [--url <postgres url>] [--profile <preload module>]
//   PostgreSQL at --url or BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:55432/postgres; a scratch database is created and dropped).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { syncRuns } from "../../src/db/tables/index.js";
import { cluster, emulatorProcess } from "./cluster.js";

const { values: opts } = parseArgs({ options: { subscribers: { type: "string", default: "1000" }, rounds: { type: "string", default: "3" }, url: { type: "string" }, profile: { type: "string" } } });
const n = Number(opts.subscribers);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };

// The emulator in its own process: this one's loop is busy with the subscribers' messages and would delay its pages.
const emu = await emulatorProcess({ campaigns: 2, adsPerCampaign: 3, faults: { slowEvery: 1, slowMs: 20 } });
const c = await cluster(opts.url);
const { db, scope, engine } = c;
const key = await c.apiKey();
// --profile <module>: the gateway preloads it (--cpu-prof is not allowed in NODE_OPTIONS on Node 20; a module can start the inspector's profiler).
const [gateway] = await c.start(1, ["serve"], { RATE_LIMIT_PER_MINUTE: "0", ...(opts.profile ? { NODE_OPTIONS: `--import ${opts.profile}` } : {}) });
const connect = () => new Promise<Client>((resolve, reject) => {
  const client = createClient({ url: gateway!.url!.replace("http", "ws"), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } });
  client.on("connected", () => resolve(client));
  client.on("closed", (e) => reject(new Error(`a subscriber could not connect: ${(e as { code?: number }).code}`)));
});
const clients: Client[] = [];
let conn: { id: string };
try {
  conn = await c.connection("fan-out", { ...emu.config, pageSize: 20 });
  // 50 at a time: a thousand at once on a loaded machine outlast graphql-ws's 3 s connection_init wait.
  while (clients.length < n) clients.push(...(await Promise.all(Array.from({ length: Math.min(50, n - clients.length) }, connect))));
} catch (error) {
  await Promise.all(clients.map((client) => client.dispose()));
  await c.close();
  await emu.close();
  throw error;
}

/** CPU time (user + system) the gateway process has used, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
const cpuMs = () => { const f = readFileSync(`/proc/${gateway!.pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10; };

/** Wait until the gateway is idle (under 10 % of a core over 300 ms, for at most 60 s): what it was doing is not the sync's. */
async function quiet() {
  for (let i = 0, before = cpuMs(); i < 200; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const now = cpuMs();
    if (now - before < 30) return;
    before = now;
  }
}

/** One sync with `subscribed` of the clients following it: its wall time, the gateway's CPU and every delivery's latency. */
async function syncWith(subscribed: number) {
  const latencies: number[] = [];
  const stops = clients.slice(0, subscribed).map((client) => client.subscribe({ query: "subscription { syncProgress { runId seq phase status stream windowIndex windowCount recordsRead recordsWritten at } }" }, {
    next: (v) => { latencies.push(Date.now() - Date.parse((v.data!.syncProgress as { at: string }).at)); },
    error: (e) => console.error("subscriber error:", e), complete: () => {},
  }));
  await quiet(); // subscriptions registered on the gateway (each reads its key, parses, validates and costs its operation)
  const cpu0 = cpuMs();
  const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-03-31" } });
  await engine.wait(run.id);
  await new Promise((r) => setTimeout(r, 1000)); // the last deliveries
  const cpu = cpuMs() - cpu0;
  stops.forEach((stop) => stop());
  await quiet();
  const [row] = await db.db.select({ startedAt: syncRuns.startedAt, finishedAt: syncRuns.finishedAt, progress: syncRuns.progress, status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, run.id));
  if (row?.status !== "succeeded") throw new Error(`sync ${row?.status}`);
  return { ms: row.finishedAt!.getTime() - row.startedAt!.getTime(), cpu, events: (row.progress as { seq?: number } | null)?.seq ?? 0, latencies };
}

const rounds = Number(opts.rounds);
const without: number[] = [], withSubs: number[] = [], latencies: number[] = [], cpuWithout: number[] = [], cpuWith: number[] = [];
let events = 0, delivered = 0;
try {
  await syncWith(0); // warm-up: the first sync compiles the paths of both processes
  for (let r = 0; r < rounds; r++) {
    const z = await syncWith(0);
    without.push(z.ms);
    cpuWithout.push(z.cpu);
    const s = await syncWith(n);
    withSubs.push(s.ms);
    cpuWith.push(s.cpu);
    for (const l of s.latencies) latencies.push(l);
    events += s.events;
    delivered += s.latencies.length;
  }
  const median = (xs: number[]) => pct(xs, 0.5);
  console.log([
    `${n} graphql-ws subscribers on the gateway that runs the sync, ${rounds} rounds (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`,
    `sync wall time, median of ${rounds}: ${median(without).toFixed(0)} ms without subscribers (${without.map((x) => x.toFixed(0)).join(", ")}), ${median(withSubs).toFixed(0)} ms with ${n} (${withSubs.map((x) => x.toFixed(0)).join(", ")}): ${(median(withSubs) / median(without)).toFixed(2)}×`,
    `gateway CPU per sync, median: ${median(cpuWithout)} ms without, ${median(cpuWith)} ms with ${n} (${((median(cpuWith) - median(cpuWithout)) * 1000 / (delivered / rounds)).toFixed(0)} µs per delivery)`,
    `delivery: ${delivered} of ${events * n} expected; latency p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${latencies.reduce((m, x) => Math.max(m, x), 0)} ms`,
  ].join("\n"));
} finally {
  await Promise.all(clients.map((client) => client.dispose()));
  await c.close();
  await emu.close();
}
process.exit(0);
