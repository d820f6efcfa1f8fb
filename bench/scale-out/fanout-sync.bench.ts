// Subscription fan-out on the sync's own event loop (issue #16), side by side in one run: one `liftgate serve`
// (its worker runs the sync) on PostgreSQL, a sync of the json-http emulator (20 ms per page, a year of days) with 0
// and then N graphql-ws `syncProgress` subscribers on that gateway, in rounds (a shared machine's load drifts over both alike).
// Reports, as median [min–max] over the rounds:
// - the sync's wall time (started_at → finished_at) with and without subscribers, and their ratio per round;
// - the gateway's event-loop delay during the sync (perf_hooks.monitorEventLoopDelay, in the gateway: bench/scale-out/gateway-probe.mjs);
// - delivery latency from the event's `at`, measured twice: when the gateway issues each socket write (inside the gateway,
//   independent of the clients' loops) and when each client's callback runs (includes the clients' own loop lag).
// The subscribers run in --client-procs child processes (bench/scale-out/fanout-clients.ts), the emulator in one more:
// all share the machine's cores with the gateway, so on 2 cores the client figures include CPU contention.
// Usage: npx tsx bench/scale-out/fanout-sync.bench.ts [--subscribers 1000] [--rounds 5] [--client-procs 2] [--url <postgres url>] [--profile <preload module>]
//   PostgreSQL at --url or BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:55432/postgres; a scratch database is created and dropped).
import { fork } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { syncRuns } from "../../src/db/tables/index.js";
import { cluster, emulatorProcess } from "./cluster.js";

const { values: opts } = parseArgs({ options: { subscribers: { type: "string", default: "1000" }, rounds: { type: "string", default: "5" }, "client-procs": { type: "string", default: "2" }, url: { type: "string" }, profile: { type: "string" } } });
const n = Number(opts.subscribers);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };
const tsx = pathToFileURL(resolve("node_modules", "tsx", "dist", "loader.mjs")).href;

// The emulator in its own process: a busy loop here would delay its pages.
const emu = await emulatorProcess({ campaigns: 2, adsPerCampaign: 3, faults: { slowEvery: 1, slowMs: 20 } });
const c = await cluster(opts.url);
const { db, scope, engine } = c;
const key = await c.apiKey();
const probeOut = join(tmpdir(), `fanout-probe-${process.pid}.json`);
const preload = [`--import ${pathToFileURL(resolve("bench", "scale-out", "gateway-probe.mjs")).href}`, ...(opts.profile ? [`--import ${opts.profile}`] : [])];
// --profile <module>: the gateway preloads it too (--cpu-prof is not allowed in NODE_OPTIONS on Node 20; a module can start the inspector's profiler).
const [gateway] = await c.start(1, ["serve"], { RATE_LIMIT_PER_MINUTE: "0", BENCH_PROBE_OUT: probeOut, NODE_OPTIONS: preload.join(" ") });

type Procs = ReturnType<typeof fork>;
const procs: Procs[] = [];
const reply = <T>(p: Procs) => new Promise<T>((r) => p.once("message", (m) => r(m as T)));
const tell = <T>(cmd: string) => Promise.all(procs.map((p) => { const answer = reply<T>(p); p.send(cmd); return answer; }));
let conn: { id: string };
try {
  conn = await c.connection("fan-out", { ...emu.config, pageSize: 20 });
  const per = Math.ceil(n / Number(opts["client-procs"]));
  for (let i = 0; i * per < n; i++) {
    const p = fork(resolve("bench", "scale-out", "fanout-clients.ts"), [gateway!.url!.replace("http", "ws"), key, String(Math.min(per, n - i * per))], { execArgv: ["--import", tsx] });
    procs.push(p);
    await reply(p); // connected; one process at a time, as graphql-ws's 3 s connection_init wait is short on a loaded machine
  }
} catch (error) {
  procs.forEach((p) => p.kill());
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

type Probe = { count: number; loop: { p50: number; p99: number; max: number; mean: number }; writes: number[]; beforeQueue: number[]; inQueue: number[]; supersedable: number };
let probes = 0;
/** What the gateway's probe gathered since the last call. */
async function probe(): Promise<Probe> {
  const want = ++probes;
  process.kill(gateway!.pid, "SIGUSR2");
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    if (!existsSync(probeOut)) continue;
    const p = JSON.parse(readFileSync(probeOut, "utf8")) as Probe;
    if (p.count === want) return p;
  }
}

/** One sync with the subscribers following it or not: its wall time, the gateway's CPU and loop delay, and every delivery's latency. */
async function syncWith(subscribed: boolean) {
  if (subscribed) await tell("subscribe");
  await quiet(); // subscriptions registered on the gateway (each reads its key, parses, validates and costs its operation)
  const cpu0 = cpuMs();
  await probe();
  const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-12-31" } });
  await engine.wait(run.id);
  const during = await probe();
  await new Promise((r) => setTimeout(r, 1000)); // the last deliveries
  const after = await probe();
  const cpu = cpuMs() - cpu0;
  const clientLatencies = subscribed ? (await tell<{ latencies: number[] }>("stop")).flatMap((r) => r.latencies) : [];
  await quiet();
  const [row] = await db.db.select({ startedAt: syncRuns.startedAt, finishedAt: syncRuns.finishedAt, progress: syncRuns.progress, status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, run.id));
  if (row?.status !== "succeeded") throw new Error(`sync ${row?.status}`);
  return { ms: row.finishedAt!.getTime() - row.startedAt!.getTime(), cpu, loop: during.loop, events: (row.progress as { seq?: number } | null)?.seq ?? 0, writes: [...during.writes, ...after.writes], beforeQueue: [...during.beforeQueue, ...after.beforeQueue], inQueue: [...during.inQueue, ...after.inQueue], supersedable: during.supersedable + after.supersedable, clientLatencies };
}

const rounds = Number(opts.rounds);
type Round = { without: Awaited<ReturnType<typeof syncWith>>; with: Awaited<ReturnType<typeof syncWith>> };
const all: Round[] = [];
try {
  await syncWith(false); // warm-up: the first sync compiles the paths of both processes
  for (let r = 0; r < rounds; r++) {
    const without = await syncWith(false);
    const withSubs = await syncWith(true);
    all.push({ without, with: withSubs });
    console.error(`round ${r + 1}: ${without.ms} → ${withSubs.ms} ms, write p99 ${pct(withSubs.writes, 0.99)} ms, client p99 ${pct(withSubs.clientLatencies, 0.99)} ms (load ${loadavg()[0]!.toFixed(1)})`);
  }
  /** median [min–max] of one figure over the rounds. */
  const spread = (xs: number[], digits = 0) => `${pct(xs, 0.5).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
  const each = (f: (r: Round) => number, digits = 0) => spread(all.map(f), digits);
  const expected = all.reduce((s, r) => s + r.with.events * n, 0);
  const delivered = all.reduce((s, r) => s + r.with.clientLatencies.length, 0);
  const written = all.reduce((s, r) => s + r.with.writes.length, 0);
  console.log([
    `${n} graphql-ws subscribers in ${procs.length} client processes, on the gateway that runs the sync; ${rounds} rounds; median [min–max] over rounds (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})`,
    `sync wall time: ${each((r) => r.without.ms)} ms without subscribers, ${each((r) => r.with.ms)} ms with ${n}; ratio per round ${each((r) => r.with.ms / r.without.ms, 2)}× (events per sync ${each((r) => r.with.events)})`,
    `gateway event-loop delay during the sync, p99: ${each((r) => r.without.loop.p99, 1)} ms without, ${each((r) => r.with.loop.p99, 1)} ms with (max ${each((r) => r.without.loop.max, 1)} / ${each((r) => r.with.loop.max, 1)} ms)`,
    `gateway CPU per sync: ${each((r) => r.without.cpu)} ms without, ${each((r) => r.with.cpu)} ms with (${each((r) => ((r.with.cpu - r.without.cpu) * 1000) / Math.max(1, r.with.writes.length))} µs per write)`,
    `writes issued by the gateway: ${written} of ${expected} events × subscribers; latency from the event's at, p50 ${each((r) => pct(r.with.writes, 0.5))}, p99 ${each((r) => pct(r.with.writes, 0.99))}, max ${each((r) => r.with.writes.reduce((m, x) => Math.max(m, x), 0))} ms`,
    `  of which from the event's at to its queueing for delivery p99 ${each((r) => pct(r.with.beforeQueue, 0.99))} ms, in the delivery queue p50 ${each((r) => pct(r.with.inQueue, 0.5))}, p99 ${each((r) => pct(r.with.inQueue, 0.99))} ms; supersedable events ${each((r) => r.with.supersedable)} of ${each((r) => r.with.beforeQueue.length)} queued`,
    `received by the clients: ${delivered}; latency p50 ${each((r) => pct(r.with.clientLatencies, 0.5))}, p99 ${each((r) => pct(r.with.clientLatencies, 0.99))}, max ${each((r) => r.with.clientLatencies.reduce((m, x) => Math.max(m, x), 0))} ms`,
    `pooled over all rounds: writes p99 ${pct(all.flatMap((r) => r.with.writes), 0.99)} ms, clients p99 ${pct(all.flatMap((r) => r.with.clientLatencies), 0.99)} ms`,
  ].join("\n"));
} finally {
  await Promise.all(procs.map((p) => new Promise((r) => { p.once("exit", r); p.send("exit"); })));
  await c.close();
  await emu.close();
  rmSync(probeOut, { force: true });
}
process.exit(0);
