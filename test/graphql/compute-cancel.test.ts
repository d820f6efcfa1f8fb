import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compute } from "../../src/compute/pool.js";
import { uploadExperimentData } from "../../src/analytics/experiments/experiment-data.js";
import { addDays } from "../../src/dates.js";
import { orgScope } from "../../src/db/scope.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const TOKEN = "metrics-token-0123456789";
const TIMEOUT_MS = 1_500;
let server: TestServer;
let bystander: string;

/** The compute pool's gauges as GET /metrics exposes them. */
async function gauges() {
  const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  const value = (name: string) => Number(text.split("\n").find((l) => l.startsWith(`${name} `))!.slice(name.length + 1));
  return { running: value("liftgate_compute_tasks_running"), threads: value("liftgate_compute_threads") };
}

/** Poll the gauges every 50 ms until `done` holds (at most `ms`); returns what was last seen and when. */
async function waitGauges(done: (g: { running: number; threads: number }) => boolean, ms: number) {
  const start = Date.now();
  let g = await gauges();
  while (!done(g) && Date.now() - start < ms) {
    await new Promise((r) => setTimeout(r, 50));
    g = await gauges();
  }
  return { ...g, after: Date.now() - start };
}

/** Start `heavy`, and while its task runs on a thread: another org's trivial query, timed. */
async function duringHeavy(heavy: () => Promise<Awaited<ReturnType<typeof gql>>>) {
  // The pool's one thread is started and ready (under tsx a thread takes a while to load), so the heavy task runs at once.
  await compute("spin", [1]);
  expect(await gauges()).toEqual({ running: 0, threads: 1 });
  const started = Date.now();
  const answer = heavy();
  const onThread = await waitGauges((g) => g.running === 1, TIMEOUT_MS);
  const t0 = performance.now();
  const other = await gql(server.url, bystander, "{ organization { name } }");
  const otherMs = performance.now() - t0;
  const result = await answer;
  return { result, answeredAfter: Date.now() - started, onThread, other, otherMs };
}

beforeAll(async () => {
  server = await startTestServer({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), REQUEST_CONCURRENCY_PER_ORG: "1", METRICS_TOKEN: TOKEN, LIFTGATE_COMPUTE_THREADS: "1" });
  bystander = await (await server.createOrg("Bystander")).key("viewer");
  expect((await gql(server.url, bystander, "{ organization { name } }")).status).toBe(200); // its key is verified and cached
});
afterAll(() => server.close());

describe("CPU work stops when its operation's time budget runs out", () => {
  it("a heavy causal analysis answers TIMEOUT, its worker thread is terminated and its org slot freed; another org stays fast", async () => {
    const org = await server.createOrg("Heavy causal");
    const key = await org.key("editor");
    const csv = readFileSync(new URL("../fixtures/datasets/lalonde_nsw_dw.csv", import.meta.url), "utf8");
    // 5000 stratified bootstrap refits of the propensity model on 445 units: many seconds of one thread.
    const run = () => gql(server.url, key, `mutation($i: CausalAnalysisInput!) { runCausalAnalysis(input: $i) { id } }`, { i: {
      name: "Too heavy", method: "propensity_matching", csv, matching: { outcome: "re78", treatment: "treat", covariates: ["age", "educ", "black", "hisp", "married", "nodegr", "re74", "re75"], bootstrap: 5000 },
    } });
    const { result, answeredAfter, onThread, other, otherMs } = await duringHeavy(run);
    expect([onThread.running, onThread.threads]).toEqual([1, 1]);
    expect(other).toEqual({ status: 200, data: { organization: { name: "Bystander" } } });
    expect(otherMs).toBeLessThan(1_000);
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.timeoutMs])).toEqual([["TIMEOUT", TIMEOUT_MS]]);
    expect(answeredAfter).toBeLessThan(TIMEOUT_MS + 1_000);
    // The thread is gone (an idle one would stay 30 s), not just the task.
    const after = await waitGauges((g) => g.running === 0 && g.threads === 0, 5_000);
    expect([after.running, after.threads]).toEqual([0, 0]);
    // The org's one slot is free again at once, and nothing was stored.
    const list = await gql(server.url, key, "{ causalAnalyses { edges { node { name } } } }");
    expect(list).toEqual({ status: 200, data: { causalAnalyses: { edges: [] } } });
  });

  it("a heavy synthetic-control geo analysis answers TIMEOUT and its worker thread is terminated", async () => {
    const org = await server.createOrg("Heavy geo");
    const key = await org.key("editor");
    // 250 geos × 20 days: the synthetic control refits the weights for each of 249 control geos as a placebo (seconds).
    const days = Array.from({ length: 20 }, (_, i) => addDays("2024-01-01", i));
    const create = await gql(server.url, key, `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id } }`, { i: {
      name: "Big geo test", type: "geo", primaryMetric: "revenue", treatedGeos: ["g0"], startDate: days[10], endDate: days[19],
    } });
    const id = create.data!.createExperiment.id as string;
    // The panel is stored through the service: an upload of 5000 rows may itself run past this server's short budget.
    const geoRows = days.flatMap((date, i) => Array.from({ length: 250 }, (_, g) => ({ geo: `g${g}`, date, value: 100 + g * 3 + Math.sin(i * 0.3 + g) * 10 + (g === 0 && i >= 10 ? 5 : 0) })));
    expect(await uploadExperimentData(orgScope(server.app.database, org.orgId), id, { geoRows })).toEqual({ aggregates: 0, units: 0, geoRows: 5_000 });
    const { result, onThread, other, otherMs } = await duringHeavy(() => gql(server.url, key, `mutation($id: ID!) { analyzeExperiment(experimentId: $id) { __typename } }`, { id }));
    expect([onThread.running, onThread.threads]).toEqual([1, 1]);
    expect(other).toEqual({ status: 200, data: { organization: { name: "Bystander" } } });
    expect(otherMs).toBeLessThan(1_000);
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.timeoutMs])).toEqual([["TIMEOUT", TIMEOUT_MS]]);
    const after = await waitGauges((g) => g.running === 0 && g.threads === 0, 5_000);
    expect([after.running, after.threads]).toEqual([0, 0]);
    const latest = await gql(server.url, key, `query($id: ID!) { experiment(id: $id) { analysis { __typename } } }`, { id });
    expect(latest).toEqual({ status: 200, data: { experiment: { analysis: null } } });
  });
});
