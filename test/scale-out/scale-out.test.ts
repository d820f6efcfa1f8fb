import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { pino } from "pino";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { queryRows } from "../../src/db/query.js";
import { attributionModels, attributionResults, syncRuns } from "../../src/db/tables/index.js";
import { upsertFacts } from "../../src/db/facts.js";
import { createEventBus } from "../../src/events.js";
import { createGraphileQueue } from "../../src/jobs/graphile-queue.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { addDays } from "../../src/dates.js";
import { createPostgresUrl } from "../helpers/db.js";
import { gql } from "../helpers/graphql.js";
import { wsClient } from "../helpers/ws.js";
import { newOrg } from "../sync/sync-fixture.js";
import { generateWorld } from "../unit/attribution/mmm-world.js";
import { startLiftgate, type LiftgateProcess } from "./processes.js";

// Two `serve --no-worker` gateways and two `liftgate worker` processes on one PostgreSQL database.
const KEY = randomBytes(32).toString("hex");
const RANGE = { start: "2024-01-01", end: "2024-03-31" };
// A 2 s heartbeat (takeover after 12 s of silence): short for the test, long enough for a loaded CI machine
// (a worker whose heartbeat is late is taken over while alive; its run restarts its event sequence).
const FAST = { LIFTGATE_HEARTBEAT_MS: "2000", LIFTGATE_JOB_POLL_MS: "200" };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let db: Database, scope: OrgScope, key: string, url: string, emu: JsonHttpEmulator;
let want: Record<string, unknown>[];
let gatewayA: LiftgateProcess, gatewayB: LiftgateProcess, workers: LiftgateProcess[];
const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(KEY, "hex")), logger: pino({ level: "silent" }) };
const env = () => ({ DATABASE_URL: url, LIFTGATE_ENCRYPTION_KEY: KEY, ...FAST });
const startWorker = async () => {
  const w = await startLiftgate(["worker"], { ...env(), LIFTGATE_SCHEDULER: "true", LIFTGATE_SCHEDULER_TICK_MS: "150", WORKER_HEALTH_PORT: "0" });
  cleanups.push(() => w.stop());
  return w;
};

beforeAll(async () => {
  const pg = await createPostgresUrl();
  url = pg.url;
  cleanups.push(pg.drop);
  emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 3, faults: { slowEvery: 1, slowMs: 20 } });
  cleanups.push(() => emu.close());
  db = await openDatabase({ url, max: 3 });
  cleanups.push(() => db.close());
  // Migrate once before the processes start (as the deployment guide says: `liftgate migrate` first).
  await migrate(db);
  await (await createGraphileQueue(url, deps.logger)).stop();
  scope = await newOrg(db, "Scale");
  key = (await createApiKey(scope, { name: "ops", role: "admin" })).secret;
  want = await singleProcessFacts();
  const gateways = ["serve", "--no-worker"];
  [gatewayA, gatewayB, ...workers] = await Promise.all([
    startLiftgate(gateways, { ...env(), LIFTGATE_SCHEDULER: "false" }), startLiftgate(gateways, { ...env(), LIFTGATE_SCHEDULER: "false" }), startWorker(), startWorker(),
  ]);
  cleanups.push(() => gatewayA.stop(), () => gatewayB.stop());
}, 600_000);
afterAll(async () => { for (const c of cleanups.reverse()) await c(); }, 120_000);

const FACTS = sql`select stream, date::text, account_id, campaign_id, ad_id, spend::text, impressions, clicks, conversions::text, revenue::text, currency from marketing_facts`;
const factsOf = (connectionId: string) => queryRows(db.db, sql`${FACTS} where source = ${connectionId} order by date, ad_id`);

/** The facts of the same sync run by one in-process engine (before the workers start): what every connection must end with. */
async function singleProcessFacts() {
  const conn = await createConnection(scope, deps, { pluginId: "json-http", name: "reference", config: { ...emu.config, pageSize: 20 } });
  const engine = createSyncEngine({ ...deps, database: db, events: createEventBus(), workerId: "reference:1" });
  const run = await engine.start(scope, { connectionId: conn.id, range: RANGE });
  expect(await engine.wait(run.id)).toBe("succeeded");
  return factsOf(conn.id);
}

const waitFor = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000, explain?: () => Promise<string>): Promise<T> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = await fn();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}${explain ? `: ${await explain()}` : ""}`);
};

describe("several gateways and workers on one PostgreSQL", () => {
  it("10 syncs started on gateway A run on the workers; a subscriber on gateway B receives every event of every run in order; facts equal a single-process run", async () => {
    const conns = await Promise.all(Array.from({ length: 10 }, (_, i) => createConnection(scope, deps, { pluginId: "json-http", name: `c${i}`, config: { ...emu.config, pageSize: 20 } })));
    let subscriptionError: unknown;
    const events = new Map<string, { seq: number; phase: string; status: string | null }[]>();
    const client = wsClient(gatewayB.url!.replace("http", "ws"), key);
    cleanups.push(() => client.dispose());
    let subscribed!: () => void;
    const ready = new Promise<void>((r) => (subscribed = r));
    client.on("connected", () => setTimeout(subscribed, 300));
    client.subscribe({ query: `subscription { syncProgress { runId seq phase status } }` }, {
      next: (v) => { const e = v.data!.syncProgress as any; (events.get(e.runId) ?? events.set(e.runId, []).get(e.runId)!).push(e); },
      error: (e) => { subscriptionError = e; }, complete: () => {},
    });
    await ready;
    const runIds: string[] = [];
    for (const c of conns) {
      const r = await gql(gatewayA.url!, key, `mutation($id: ID!, $s: Date!, $e: Date!) { startSync(input: { connectionId: $id, range: { start: $s, end: $e } }) { id status } }`, { id: c.id, s: RANGE.start, e: RANGE.end });
      expect(r.errors).toBeUndefined();
      runIds.push(r.data!.startSync.id);
    }
    await waitFor("10 finished runs on gateway B", async () => (runIds.every((id) => events.get(id)?.at(-1)?.phase === "finished") ? true : undefined), 120_000,
      async () => JSON.stringify({ subscriptionError, seen: runIds.map((id) => events.get(id)?.map((e) => `${e.seq}:${e.phase}`).join(",")), runs: await db.db.select({ status: syncRuns.status, workerId: syncRuns.workerId }).from(syncRuns).where(sql`${syncRuns.id} in ${runIds}`) }));
    for (const id of runIds) {
      const seen = events.get(id)!;
      expect(seen.map((e) => e.seq)).toEqual(seen.map((_, i) => i + 1)); // every event, in order, none twice
      expect(seen[0]!.phase).toBe("queued");
      expect(seen.at(-1)).toMatchObject({ phase: "finished", status: "succeeded" });
    }
    const runs = await db.db.select({ workerId: syncRuns.workerId, status: syncRuns.status }).from(syncRuns).where(and(eq(syncRuns.orgId, scope.orgId), sql`${syncRuns.id} in ${runIds}`));
    expect(runs.map((r) => r.status)).toEqual(new Array(10).fill("succeeded"));
    // The runs went to the worker processes, none to a gateway.
    const pids = new Set(runs.map((r) => Number(r.workerId!.split(":")[1])));
    expect([...pids].every((p) => workers.some((w) => w.pid === p))).toBe(true);
    for (const c of conns) expect(await factsOf(c.id)).toEqual(want);
  }, 300_000);

  it("kill -9 of the worker running a sync: the other worker finishes it, with no fact lost or duplicated", async () => {
    emu.set({ faults: { slowEvery: 1, slowMs: 60 } });
    const conn = await createConnection(scope, deps, { pluginId: "json-http", name: "killed", config: { ...emu.config, pageSize: 20 } });
    const r = await gql(gatewayA.url!, key, `mutation($id: ID!, $s: Date!, $e: Date!) { startSync(input: { connectionId: $id, range: { start: $s, end: $e } }) { id } }`, { id: conn.id, s: RANGE.start, e: RANGE.end });
    const runId = r.data!.startSync.id as string;
    // Wait until the first window is committed, then kill the worker that holds the run.
    const owner = await waitFor("a committed window", async () => {
      const [run] = await db.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
      const committed = (run?.progress?.committed ?? {}) as Record<string, string>;
      return run?.workerId && Object.keys(committed).length ? run.workerId : undefined;
    });
    const victim = workers.find((w) => w.pid === Number(owner.split(":")[1]))!;
    victim.child.kill("SIGKILL");
    expect((await victim.exited).signal).toBe("SIGKILL");
    emu.set({ faults: { slowEvery: 1, slowMs: 20 } });
    const done = await waitFor("the run to finish on the other worker", async () => {
      const [run] = await db.db.select().from(syncRuns).where(eq(syncRuns.id, runId));
      return run && run.status !== "queued" && run.status !== "running" ? run : undefined;
    });
    const survivor = workers.find((w) => w !== victim)!;
    expect(done.status).toBe("succeeded");
    expect(Number(done.workerId!.split(":")[1])).toBe(survivor.pid);
    expect(await factsOf(conn.id)).toEqual(want);
    workers = [survivor, await startWorker()];
  }, 600_000);

  it("two instances with schedules on for several ticks: each due sync starts exactly once", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const recent = await startJsonHttpEmulator({ campaigns: 1, adsPerCampaign: 2, firstDate: addDays(today, -10), lastDate: today });
    cleanups.push(() => recent.close());
    const conns = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      createConnection(scope, deps, { pluginId: "json-http", name: `scheduled ${i}`, schedule: "every 1h", config: { ...recent.config, startDate: addDays(today, -3) } })));
    // 150 ms ticks on both workers: ~20 ticks each in 3 s, while the syncs start, run and finish.
    await new Promise((r) => setTimeout(r, 3_000));
    const runsOf = async () => db.db.select({ connectionId: syncRuns.connectionId, trigger: syncRuns.trigger, status: syncRuns.status }).from(syncRuns)
      .where(sql`${syncRuns.connectionId} in ${conns.map((c) => c.id)}`);
    const runs = await waitFor("the scheduled runs to end", async () => {
      const rs = await runsOf();
      return rs.length >= conns.length && rs.every((r) => r.status !== "queued" && r.status !== "running") ? rs : undefined;
    });
    await new Promise((r) => setTimeout(r, 1_000)); // more ticks after the runs ended
    expect((await runsOf()).length).toBe(runs.length);
    expect(runs.map((r) => r.connectionId).sort()).toEqual(conns.map((c) => c.id).sort());
    expect(runs.every((r) => r.trigger === "schedule" && r.status === "succeeded")).toBe(true);
  }, 300_000);

  it("a worker answers its health probes: /healthz alive, /readyz ready with the database, the queue and its depth", async () => {
    const w = workers[0]!;
    const live = await fetch(`${w.healthUrl}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: "ok" }]);
    const ready = await fetch(`${w.healthUrl}/readyz`);
    const body = await ready.json() as { jobs: Record<string, number> };
    expect(ready.status).toBe(200);
    expect(body).toMatchObject({ status: "ready", database: "ok", queue: "taking jobs", jobs: { failed: 0 } });
    expect(Object.keys(body.jobs).sort()).toEqual(["failed", "running", "waiting"]);
    expect((await fetch(`${w.healthUrl}/graphql`)).status).toBe(404);
  });
  it("cancelTraining on gateway B stops a fit running in a worker process's compute thread: the job ends, the thread is terminated, the model stays cancelled", async () => {
    const world = generateWorld(365, 5);
    await upsertFacts(db.db, scope.orgId, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
    await upsertFacts(db.db, scope.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
    // 5000 bootstrap refits: minutes of fitting, far beyond the bound below.
    const t = await gql(gatewayA.url!, key, `mutation { trainAttributionModel(input: { name: "cancelled elsewhere", type: mmm, from: "2022-01-03", to: "2023-01-02", mmm: { bootstrap: 5000, passes: 1 } }) { id status } }`);
    expect(t.errors).toBeUndefined();
    const id = t.data!.trainAttributionModel.id as string;
    const model = async () => (await db.db.select().from(attributionModels).where(eq(attributionModels.id, id)))[0]!;
    const job = async () => (await queryRows<{ locked_at: string | null }>(db.db, sql`select locked_at from graphile_worker.jobs where key = ${`train-model:${id}`}`))[0];
    const computeThreads = async (w: LiftgateProcess) => ((await (await fetch(`${w.healthUrl}/readyz`)).json()) as { compute: { threads: number } }).compute.threads;
    // The fit runs in a worker's compute pool: the row reports progress past loading, and that worker holds a thread.
    await waitFor("the fit to run in a worker", async () => ((await model()).progress ?? 0) > 0 ? true : undefined, 120_000, async () => JSON.stringify(await model()));
    expect((await job())?.locked_at).not.toBeNull();
    const trainer = await waitFor("the worker holding a compute thread", async () => {
      for (const w of workers) if ((await computeThreads(w)) > 0) return w;
      return undefined;
    }, 30_000);
    const c = await gql(gatewayB.url!, key, `mutation($id: ID!) { cancelTraining(id: $id) { status error } }`, { id });
    expect(c.data!.cancelTraining).toEqual({ status: "cancelled", error: null });
    // Within a few of the worker's cancel polls (CANCEL_POLL_MS = 1 s; bound generous for a loaded machine): its job has ended
    // (graphile deletes a finished job) and the thread running the fit was terminated (an idle thread would stay 30 s).
    await waitFor("the train-model job to end", async () => ((await job()) === undefined ? true : undefined), 20_000, async () => JSON.stringify(await job()));
    await waitFor("the fit's thread to be terminated", async () => ((await computeThreads(trainer)) === 0 ? true : undefined), 20_000);
    const ended = await model();
    expect({ status: ended.status, error: ended.error }).toEqual({ status: "cancelled", error: null });
    await new Promise((r) => setTimeout(r, 1_500));
    // Nothing wrote to the model after the cancel: no late progress, no results, still cancelled.
    expect(await model()).toEqual(ended);
    expect(await db.db.select().from(attributionResults).where(eq(attributionResults.modelId, id))).toEqual([]);
  }, 300_000);
});
