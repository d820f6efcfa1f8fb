// p50/p99 latency of a trivial query ({ organization { name } }) over HTTP while an MMM trains, side by side in one run,
// in rounds (so a shared machine's load drifts over every phase alike):
//   idle (3 s); a training in the compute pool as the gateway runs it (threads at LIFTGATE_COMPUTE_NICE's default, 19);
//   the same with the threads at nice 0 (what the pool did before); the same fit on the event loop (fitMmm called
//   in-process, as before the pool).
// Each pooled training is also split by its stage (tagged when each query was sent): loading its data (SQL: on PGlite
// it runs on the main thread), fitting (in the thread) and saving. Every phase records the event loop's own delay
// (monitorEventLoopDelay), which depends less on the machine's load than a request's latency does: a query's latency
// above it is something else holding the request. Ratios are to idle, measured in the same rounds.
// Rounds go on until each pooled phase has at least --samples queries (a p99 of fewer is just the maximum).
// Usage: npx tsx bench/compute/latency-during-training.bench.ts [--bootstrap 400] [--samples 200] [--postgres URL]
//   (PGlite in-process by default; --postgres runs on a new database on that server, dropped at the end)
import "reflect-metadata";
import { availableParallelism, loadavg } from "node:os";
import { createHistogram, type RecordableHistogram } from "node:perf_hooks";
import { parseArgs } from "node:util";

const { values: opts } = parseArgs({ options: { bootstrap: { type: "string", default: "400" }, samples: { type: "string", default: "200" }, postgres: { type: "string" } } });
if (opts.postgres) Object.assign(process.env, { TEST_DRIVER: "postgres", TEST_DATABASE_URL: opts.postgres });
// Imported after the driver is chosen (test/helpers/db.ts reads it when loaded).
const { fitMmm } = await import("../../src/analytics/attribution/mmm/fit-mmm.js");
const { closeCompute, compute, configureCompute } = await import("../../src/compute/pool.js");
const { upsertFacts } = await import("../../src/db/facts.js");
const { startTestServer } = await import("../../test/helpers/server.js");
const { generateWorld } = await import("../../test/unit/attribution/mmm-world.js");

const server = await startTestServer({ LOG_LEVEL: "silent" } as never);
const org = await server.createOrg("Bench");
const key = await org.key("admin");
const world = generateWorld(365, 5);
const db = server.app.database.db;
await upsertFacts(db, org.orgId, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
await upsertFacts(db, org.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
const post = (query: string, variables = {}) => fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };
const mmm = { bootstrap: Number(opts.bootstrap), passes: 1 };

// Latencies and loop delay by phase label. The loop delay is measured as monitorEventLoopDelay does (a 5 ms timer's
// lateness) but recorded into the histograms of the phases current when it fires (a monitor cannot be merged).
type Phase = { lat: number[]; loop: RecordableHistogram; ms: number; fits: number };
const phases = new Map<string, Phase>();
const phase = (label: string) => phases.get(label) ?? phases.set(label, { lat: [], loop: createHistogram(), ms: 0, fits: 0 }).get(label)!;
let current: string[] = [], since = 0;
/** Enter the phases `labels` (a mode and its stage), leaving the ones before. */
const enter = (...labels: string[]) => {
  const now = performance.now();
  for (const l of current) phase(l).ms += now - since;
  current = labels;
  since = now;
};
let tick = performance.now();
const loopTimer = setInterval(() => {
  const now = performance.now();
  for (const l of current) phase(l).loop.record(Math.max(1, Math.round((now - tick - 5) * 1e6)));
  tick = now;
}, 5);
/** Send trivial queries one after another (10 ms apart) until `until()`, each tagged with the phase when it was sent. */
async function sample(until: () => boolean, minMs = 0) {
  const start = Date.now();
  while (!until() || Date.now() - start < minMs) {
    const labels = current, t = performance.now();
    await post("{ organization { name } }");
    for (const l of labels) phase(l).lat.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// A training's stage from its progress events: loading (before the thread reports), fitting, saving (the thread's
// last report until the model is ready).
let stageOf: ((e: { stage: string; status: string }) => void) | undefined;
void (async () => { for await (const e of server.app.events.subscribe("TRAINING_PROGRESS")) stageOf?.(e as never); })();
let fits = 0;
async function trainInPool(mode: string) {
  let ended = false;
  stageOf = (e) => {
    if (e.status !== "queued" && e.status !== "training") ended = true;
    // The thread's own stages (search, bootstrap) count as fitting; its last report (done) until ready is the save.
    else enter(mode, `${mode}: ${e.stage === "loading" ? "loading data" : e.stage === "done" ? "saving" : "fitting"}`);
  };
  enter(mode, `${mode}: queued`);
  const t = await post(`mutation { trainAttributionModel(input: { name: "bench ${++fits}", type: mmm, from: "2022-01-03", to: "2023-01-02", mmm: { bootstrap: ${mmm.bootstrap}, passes: ${mmm.passes} } }) { id } }`);
  if (!t.data) throw new Error(JSON.stringify(t.errors));
  await sample(() => ended);
  stageOf = undefined;
  enter();
  phase(mode).fits++;
}

await post("{ organization { name } }");
// One training first, not measured: the org's first builds its calendar and warms the JIT, which would count
// against whichever mode came first.
await trainInPool("warm-up");
for (const label of [...phases.keys()]) if (label.startsWith("warm-up")) phases.delete(label);
const NICE = "pool, nice 19", NICE0 = "pool, nice 0";
let rounds = 0;
while (phase(NICE).lat.length < Number(opts.samples) || phase(NICE0).lat.length < Number(opts.samples)) {
  rounds++;
  enter("idle");
  await sample(() => true, 3_000);
  // A new pool for each mode: a thread takes its nice value when it starts. Its start is not measured (under tsx
  // the thread compiles the TypeScript it runs).
  for (const [mode, nice] of [[NICE, 19], [NICE0, 0]] as const) {
    await closeCompute();
    configureCompute({ nice });
    await compute("spin", [1]);
    await trainInPool(mode);
  }
  let fitted = false;
  enter("fit on the event loop");
  void fitMmm(world.input, mmm).then(() => { fitted = true; });
  await sample(() => fitted);
  enter();
  phase("fit on the event loop").fits++;
}

const idle = phase("idle");
const f = (x: number, w = 8) => (Number.isFinite(x) ? x.toFixed(1) : "-").padStart(w);
const loopP99 = (p: Phase) => (p.loop.count ? p.loop.percentile(99) / 1e6 : NaN);
const row = (label: string, p: Phase) =>
  `${label.padEnd(32)} ${String(p.lat.length).padStart(7)} ${f(pct(p.lat, 0.5))} ${f(pct(p.lat, 0.99))} ${f(Math.max(...p.lat))} ${String(p.lat.filter((x) => x > 50).length).padStart(6)} ${f(loopP99(p))} ${f(p.loop.max / 1e6)}` +
  ` ${f(pct(p.lat, 0.5) / pct(idle.lat, 0.5), 6)}× ${f(pct(p.lat, 0.99) / pct(idle.lat, 0.99), 6)}× ${f(loopP99(p) / loopP99(idle), 6)}×  ${(p.ms / 1000).toFixed(1)} s${p.fits ? ` / ${p.fits} fits` : ""}`;
const lines = [
  `{ organization { name } } over HTTP on ${server.app.database.driver}, MMM ${JSON.stringify(mmm)} on 365 days × 5 channels, ${rounds} rounds (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}, ${availableParallelism()} cores)`,
  `${"".padEnd(32)} ${"queries".padStart(7)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${">50 ms".padStart(6)} ${"loop p99".padStart(8)} ${"loop max".padStart(8)} ${"p50/idle".padStart(7)} ${"p99/idle".padStart(7)} ${"loop/idle".padStart(7)}  time`,
  row("idle", idle),
];
for (const mode of [NICE, NICE0]) {
  lines.push(row(mode, phase(mode)));
  for (const stage of ["queued", "loading data", "fitting", "saving"]) if (phases.has(`${mode}: ${stage}`)) lines.push(row(`  ${stage}`, phase(`${mode}: ${stage}`)));
}
lines.push(row("fit on the event loop", phase("fit on the event loop")));
console.log(lines.join("\n"));
clearInterval(loopTimer);
await server.close();
await closeCompute();
process.exit(0);
