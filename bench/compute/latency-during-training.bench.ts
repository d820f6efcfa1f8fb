// p50/p99 latency of a trivial query ({ organization { name } }) over HTTP while an MMM trains, in one run:
//   idle; during training in the compute pool (worker thread, as the gateway does); during the same fit
//   on the event loop (fitMmm called in-process, as before the pool). Each phase also records the event loop's own
//   delay (monitorEventLoopDelay): a query's latency above it is the loop being held by something else.
//   Models are trained until at least 200 queries were sampled during training (a p99 of fewer is just the maximum);
//   the loop-delay p99 of several fits is the worst fit's.
// Usage: npx tsx bench/compute/latency-during-training.bench.ts [bootstrap]  (PGlite in-process; about a minute on an idle 2-core machine)
import "reflect-metadata";
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fitMmm } from "../../src/analytics/attribution/mmm/fit-mmm.js";
import { upsertFacts } from "../../src/db/facts.js";
import { startTestServer } from "../../test/helpers/server.js";
import { generateWorld } from "../../test/unit/attribution/mmm-world.js";

const server = await startTestServer({ LOG_LEVEL: "silent" } as never);
const org = await server.createOrg("Bench");
const key = await org.key("admin");
const world = generateWorld(365, 5);
const db = server.app.database.db;
await upsertFacts(db, org.orgId, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
await upsertFacts(db, org.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
const post = (query: string, variables = {}) => fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

type Phase = { lat: number[]; loopP99: number; loopMax: number };
async function sample(until: () => boolean, minMs = 0): Promise<Phase> {
  const lat: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = Date.now();
  while (!until() || Date.now() - start < minMs) {
    const t = performance.now();
    await post("{ organization { name } }");
    lat.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  loop.disable();
  return { lat, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
}
const mmm = { bootstrap: Number(process.argv[2] ?? 400), passes: 1 };

await post("{ organization { name } }");
const idle = await sample(() => true, 3_000);
// Train models one after another until at least 200 queries were sampled during training (a loaded machine answers fewer per fit).
const pooled: Phase = { lat: [], loopP99: 0, loopMax: 0 };
let pooledSecs = 0, fits = 0;
while (pooled.lat.length < 200) {
  const t = await post(`mutation { trainAttributionModel(input: { name: "bench ${++fits}", type: mmm, from: "2022-01-03", to: "2023-01-02", mmm: { bootstrap: ${mmm.bootstrap}, passes: ${mmm.passes} } }) { id } }`);
  if (!t.data) throw new Error(JSON.stringify(t.errors));
  const id = t.data.trainAttributionModel.id;
  let trained = false;
  const poll = setInterval(async () => {
    const r = await post(`query($id: ID!) { attributionModel(id: $id) { status } }`, { id });
    if (!["queued", "training"].includes(r.data.attributionModel.status)) trained = true;
  }, 200);
  const t0 = Date.now();
  const phase = await sample(() => trained);
  clearInterval(poll);
  pooledSecs += (Date.now() - t0) / 1000;
  pooled.lat.push(...phase.lat);
  pooled.loopP99 = Math.max(pooled.loopP99, phase.loopP99);
  pooled.loopMax = Math.max(pooled.loopMax, phase.loopMax);
}
let fitted = false;
const t1 = Date.now();
void fitMmm(world.input, mmm).then(() => { fitted = true; });
const onLoop = await sample(() => fitted);
const loopSecs = (Date.now() - t1) / 1000;
const f = (x: number) => x.toFixed(1).padStart(8);
const row = (label: string, { lat, loopP99, loopMax }: Phase, secs?: number) =>
  `${label.padEnd(24)} ${String(lat.length).padStart(7)} ${f(pct(lat, 0.5))} ${f(pct(lat, 0.99))} ${f(Math.max(...lat))} ${String(lat.filter((x) => x > 50).length).padStart(6)} ${f(loopP99)} ${f(loopMax)} ${secs === undefined ? "" : `${secs.toFixed(1)} s`}`;
console.log([
  `{ organization { name } } over HTTP, MMM ${JSON.stringify(mmm)} on 365 days × 5 channels (load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}, ${availableParallelism()} cores)`,
  `${"".padEnd(24)} ${"queries".padStart(7)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${">50 ms".padStart(6)} ${"loop p99".padStart(8)} ${"loop max".padStart(8)} fit`,
  row("idle", idle),
  row(`fit in the compute pool${fits > 1 ? ` ×${fits}` : ""}`, pooled, pooledSecs),
  row("fit on the event loop", onLoop, loopSecs),
  `p50 ratio event loop / pool: ${(pct(onLoop.lat, 0.5) / pct(pooled.lat, 0.5)).toFixed(1)}×; p99 ratio: ${(pct(onLoop.lat, 0.99) / pct(pooled.lat, 0.99)).toFixed(1)}×`,
].join("\n"));
await server.close();
process.exit(0);
