// Scale-out benchmarks, each measured in one run on one PostgreSQL:
//   1. sync throughput with 1, 2 and 4 `liftgate worker` processes (one job each) against the json-http
//      emulator with a per-page latency like a real API's: 8 connections backfilled at once, records/s and
//      the ratio to 1 worker;
//   2. subscription fan-out: N graphql-ws subscribers (default 1,000) split over two `serve --no-worker`
//      gateways, one sync run by a worker: p50/p99 delivery latency of its events (worker's event time →
//      subscriber), and each gateway's RSS.
// Usage: npx tsx bench/scale-out/scale-out.bench.ts [--subscribers 1000] [--only sync|fanout] [--url <postgres url>]
//   PostgreSQL at --url or BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:55432/postgres; scratch databases are created and dropped).
import { readFileSync } from "node:fs";
import { inArray, sql } from "drizzle-orm";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { syncRuns } from "../../src/db/tables/index.js";
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { cluster } from "./cluster.js";

const args = process.argv.slice(2);
const opt = (name: string, d: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : d; };
const RANGE = { start: "2024-01-01", end: "2024-03-31" };

async function syncThroughput() {
  const emu = await startJsonHttpEmulator({ campaigns: 4, adsPerCampaign: 5, faults: { slowEvery: 1, slowMs: 40 } });
  const rows: string[] = [];
  let base = 0;
  for (const workers of [1, 2, 4]) {
    const c = await cluster();
    await c.start(workers, ["worker"], { LIFTGATE_WORKER_CONCURRENCY: "1" });
    const { engine } = c;
    const conns = await Promise.all(Array.from({ length: 8 }, (_, i) => c.connection(`c${i}`, { ...emu.config, pageSize: 50 })));
    const t0 = performance.now();
    const runs = await Promise.all(conns.map((conn) => engine.start(c.scope, { connectionId: conn.id, range: RANGE })));
    await Promise.all(runs.map((r) => engine.wait(r.id)));
    const secs = (performance.now() - t0) / 1000;
    const done = await c.db.db.select({ written: syncRuns.recordsWritten, status: syncRuns.status }).from(syncRuns).where(inArray(syncRuns.id, runs.map((r) => r.id)));
    const records = done.reduce((s, r) => s + r.written, 0);
    const rate = records / secs;
    if (workers === 1) base = rate;
    rows.push(`${workers} worker(s): ${records} facts in ${secs.toFixed(1)} s = ${rate.toFixed(0)} facts/s, ${(rate / base).toFixed(2)}× 1 worker (${done.filter((r) => r.status === "succeeded").length}/8 succeeded)`);
    console.log(rows.at(-1));
    await c.close();
  }
  await emu.close();
  return rows;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

async function fanOut() {
  const n = Number(opt("subscribers", "1000"));
  const emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 3, faults: { slowEvery: 1, slowMs: 20 } });
  const c = await cluster();
  const key = await c.apiKey();
  const [g1, g2] = await c.start(2, ["serve", "--no-worker"]);
  await c.start(1, ["worker"]);
  const rssBefore = [rssMb(g1!.pid), rssMb(g2!.pid)];
  const latencies: number[] = [];
  let received = 0;
  const clients = Array.from({ length: n }, (_, i) => createClient({ url: (i % 2 ? g2 : g1)!.url!.replace("http", "ws"), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${key}` } }));
  let acked = 0;
  await Promise.all(clients.map((client) => new Promise<void>((resolve) => {
    client.subscribe({ query: "subscription { syncProgress { seq at phase } }" }, {
      next: (v) => { received++; latencies.push(Date.now() - Date.parse((v.data!.syncProgress as { at: string }).at)); },
      error: (e) => console.error("subscriber error:", (e as { code?: number; reason?: string }).code ?? "", (e as { reason?: string }).reason ?? String(e)), complete: () => {},
    });
    client.on("connected", () => { acked++; resolve(); });
  })));
  await new Promise((r) => setTimeout(r, 1000)); // subscriptions registered on the gateways
  const conn = await c.connection("fan-out", { ...emu.config, pageSize: 20 });
  const run = await c.engine.start(c.scope, { connectionId: conn.id, range: RANGE });
  await c.engine.wait(run.id);
  await new Promise((r) => setTimeout(r, 2000)); // the last deliveries
  const [events] = await c.db.db.execute(sql`select (progress->>'seq')::int as seq from sync_runs where id = ${run.id}`) as unknown as [{ seq: number }];
  const rssAfter = [rssMb(g1!.pid), rssMb(g2!.pid)];
  const line = `${acked} subscribers over 2 gateways, ${events?.seq ?? "?"} events per subscriber: ${received} deliveries (expected ${acked * (events?.seq ?? 0)}); ` +
    `latency p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms, max ${latencies.reduce((m, x) => Math.max(m, x), 0)} ms; ` +
    `gateway RSS ${rssBefore.map((r) => r.toFixed(0)).join("/")} MB idle → ${rssAfter.map((r) => r.toFixed(0)).join("/")} MB with subscribers`;
  console.log(line);
  await Promise.all(clients.map((cl) => cl.dispose()));
  await c.close();
  await emu.close();
  return [line];
}

const only = opt("only", "");
const out = [...(only !== "fanout" ? await syncThroughput() : []), ...(only !== "sync" ? await fanOut() : [])];
console.log(`\n${out.join("\n")}`);
process.exit(0);
