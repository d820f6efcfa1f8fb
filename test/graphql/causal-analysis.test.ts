import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/dates.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { asType, codes, gql } from "../helpers/graphql.js";
import {
  CausalAnalysesDocument, CausalAnalysisDocument, DeleteCausalAnalysisDocument, RecommendBudgetDocument, RunCausalAnalysisDocument, type CausalAnalysisInput,
} from "../../generated/graphql.js";

let server: TestServer;
let a: { admin: string; viewer: string };
let b: { admin: string };

beforeAll(async () => {
  server = await startTestServer();
  const oa = await server.createOrg("Causal A");
  const ob = await server.createOrg("Causal B");
  a = { admin: await oa.key("admin"), viewer: await oa.key("viewer") };
  b = { admin: await ob.key("admin") };
});
afterAll(() => server.close());

const RUN = RunCausalAnalysisDocument;

/** Deterministic instrument data: price = 10 + z + u, demand = 100 − 2·price + 3u, u a known pattern. */
function ivRows() {
  const values: number[][] = [];
  for (let i = 0; i < 120; i++) {
    const z = Math.sin(i * 1.7), u = Math.cos(i * 0.9) * 0.8;
    const price = 10 + z + u;
    values.push([100 - 2 * price + 3 * u, price, z]);
  }
  return { columns: ["demand", "price", "cost"], values };
}

describe("observational analyses over GraphQL", () => {
  it("instrumental variables from inline rows: the typed IV result, its refutations and a verdict", async () => {
    const r = await gql(server.url, a.admin, RUN, { input: { name: "Price elasticity", method: "instrumental_variables", rows: ivRows(), iv: { outcome: "demand", treatment: "price", instruments: ["cost"] } } });
    expect(r.errors).toBeUndefined();
    const x = r.data!.runCausalAnalysis;
    expect(x).toMatchObject({ name: "Price elasticity", method: "instrumental_variables", observations: 120, droppedRows: 0 });
    const iv = asType(x.result, "IvAnalysis");
    // The structural equation has no noise beyond u, which the instrument is independent of: 2SLS finds −2.
    expect(iv.estimate).toBeCloseTo(-2, 1);
    expect(iv.ols.estimate).toBeGreaterThan(-1.5);
    expect(iv.weakInstruments).toBe(false);
    expect(x.refutations.map((f) => f.check)).toEqual(["placebo_outcome", "random_common_cause", "data_subset"]);
    expect(x.verdict!.summary).toMatch(/^(Passed all 3 robustness checks\.|Failed .*)$/);
  });

  it("matching from a CSV (the NSW experiment) is stored, listed, readable by viewers and hidden from other orgs", async () => {
    const csv = readFileSync(new URL("../fixtures/datasets/lalonde_nsw_dw.csv", import.meta.url), "utf8");
    const r = await gql(server.url, a.admin, RUN, { input: { name: "NSW training", method: "propensity_matching", csv, seed: 3, matching: { outcome: "re78", treatment: "treat", covariates: ["age", "educ", "black", "hisp", "married", "nodegr", "re74", "re75"], bootstrap: 50 } } });
    expect(r.errors).toBeUndefined();
    const x = r.data!.runCausalAnalysis;
    const matching = asType(x.result, "MatchingAnalysis");
    expect(matching.treatedUnits).toBe(185);
    expect(matching.controlUnits).toBe(260);
    expect(matching.naiveDifference).toBeCloseTo(1794.34, 1);
    expect(matching.balance.map((b) => b.covariate)).toEqual(["age", "educ", "black", "hisp", "married", "nodegr", "re74", "re75"]);
    const list = await gql(server.url, a.viewer, CausalAnalysesDocument, { method: "propensity_matching" });
    expect(list.data!.causalAnalyses).toEqual({ totalCount: 1, edges: [{ node: { id: x.id, name: "NSW training" } }] });
    const one = (await gql(server.url, a.viewer, CausalAnalysisDocument, { id: x.id })).data!.causalAnalysis;
    expect(asType(one.result, "MatchingAnalysis").naiveDifference).toBe(matching.naiveDifference);
    expect(codes(await gql(server.url, b.admin, CausalAnalysisDocument, { id: x.id }))).toEqual(["NOT_FOUND"]);
    expect((await gql(server.url, b.admin, CausalAnalysesDocument)).data!.causalAnalyses).toEqual({ totalCount: 0, edges: [] });
    expect(codes(await gql(server.url, b.admin, DeleteCausalAnalysisDocument, { id: x.id }))).toEqual(["NOT_FOUND"]);
    // A Node: node(id:) finds it by its global id in its own organization only.
    const nodeId = one.nodeId;
    expect((await gql(server.url, a.viewer, `query($n: ID!) { node(id: $n) { __typename ... on CausalAnalysis { id name } } }`, { n: nodeId })).data!.node).toEqual({ __typename: "CausalAnalysis", id: x.id, name: "NSW training" });
    expect(codes(await gql(server.url, b.admin, `query($n: ID!) { node(id: $n) { nodeId } }`, { n: nodeId }))).toEqual(["NOT_FOUND"]);
  });

  it("regression discontinuity from a CSV with a sharp jump of 5 at 50", async () => {
    const lines = ["score,sales"];
    for (let i = 0; i < 400; i++) { const s = (i * 37) % 100 + (i % 7) / 10; lines.push(`${s},${20 + 0.3 * s + (s >= 50 ? 5 : 0) + Math.sin(i)}`); }
    const r = await gql(server.url, a.admin, RUN, { input: { name: "Bid threshold", method: "regression_discontinuity", csv: lines.join("\n"), rdd: { running: "score", outcome: "sales", cutoff: 50 } } });
    expect(r.errors).toBeUndefined();
    const x = asType(r.data!.runCausalAnalysis.result, "RddAnalysis");
    expect(x).toMatchObject({ design: "sharp", bandwidthMethod: "imbens_kalyanaraman" });
    expect(x.robustInterval.low).toBeLessThan(5);
    expect(x.robustInterval.high).toBeGreaterThan(5);
  });

  it("pre/post impact from rows with a date column: a lift of 10 a day over 20 days", async () => {
    const values: number[][] = [], dates: string[] = [];
    for (let t = 0; t < 80; t++) { const c = 100 + 10 * Math.sin(t / 5); dates.push(addDays("2026-03-01", t)); values.push([t, 2 * c + 5 + (t >= 60 ? 10 : 0) + Math.cos(t * 2.3), c]); }
    const r = await gql(server.url, a.admin, RUN, { input: { name: "Price change", method: "pre_post_impact", csv: ["date,sales,control", ...values.map((v, i) => `${dates[i]},${v[1]},${v[2]}`)].join("\n"), prePost: { outcome: "sales", controls: ["control"], interventionStart: dates[60] } } });
    expect(r.errors).toBeUndefined();
    const x = asType(r.data!.runCausalAnalysis.result, "PrePostAnalysis");
    expect(x).toMatchObject({ prePeriods: 60, postPeriods: 20 });
    expect(x.cumulativeEffect.low).toBeLessThan(200);
    expect(x.cumulativeEffect.high).toBeGreaterThan(200);
    expect(x.series).toHaveLength(80);
  });

  it("pre/post impact fed from the facts: a country panel from causalDataset, the treated country against the others", async () => {
    const countries = ["AT", "BE", "DE", "FR", "NL"];
    const facts: Record<string, unknown>[] = [];
    for (let d = 0; d < 50; d++) {
      const date = addDays("2026-05-01", d);
      const demand = 1000 + 100 * Math.sin(d / 4);
      countries.forEach((c, k) => facts.push({ source: "geo-export", platform: "meta", campaignId: "geo1", stream: "geo_daily", breakdowns: [{ field: "country", value: c }], date, currency: "USD", spend: "50",
        revenue: (demand * (1 + k / 10) + 7 * Math.cos(d * (k + 1)) + (c === "DE" && d >= 40 ? 150 : 0)).toFixed(2) }));
    }
    const ing = await gql(server.url, a.admin, `mutation($f: [FactInput!]!) { ingestFacts(input: $f) { written rejected { reason } } }`, { f: facts });
    expect(ing.data!.ingestFacts).toEqual({ written: 250, rejected: [] });
    const r = await gql(server.url, a.admin, RUN, { input: { name: "DE price test", method: "pre_post_impact",
      dataset: { dateRange: { from: "2026-05-01", to: "2026-06-19" }, unit: "geo", geoField: "country", outcomes: ["revenue"], calendarControls: false },
      prePost: { outcome: "revenue", unit: "geo", treatedUnits: ["DE"], interventionStart: "2026-06-10" } } });
    expect(r.errors).toBeUndefined();
    const x = r.data!.runCausalAnalysis;
    expect(x.observations).toBe(50);
    const prePost = asType(x.result, "PrePostAnalysis");
    expect(prePost).toMatchObject({ prePeriods: 40, postPeriods: 10 });
    expect(prePost.cumulativeEffect.low).toBeLessThan(1500);
    expect(prePost.cumulativeEffect.high).toBeGreaterThan(1500);
    expect(prePost.cumulativeEffect.low).toBeGreaterThan(0);
  });

  it("matching fed from the touchpoints: journeys exposed to Meta against the rest, adjusting for search touches", async () => {
    const tps: Record<string, unknown>[] = [];
    // 200 journeys: search touches drive both Meta exposure and conversion; Meta adds conversions on its own.
    for (let j = 0; j < 200; j++) {
      const search = j % 4, meta = (j * 7) % 10 < 3 + search ? 1 : 0;
      const at = (h: number) => `2026-07-0${1 + (j % 5)}T${String(8 + h).padStart(2, "0")}:00:00Z`;
      for (let k = 0; k < search; k++) tps.push({ journeyId: `j${j}`, occurredAt: at(k), channel: "google / cpc" });
      if (meta) tps.push({ journeyId: `j${j}`, occurredAt: at(5), channel: "facebook / paid" });
      if ((j * 13) % 10 < 2 + search + 2 * meta) tps.push({ journeyId: `j${j}`, occurredAt: at(9), kind: "conversion", value: 50 });
    }
    const ing = await gql(server.url, a.admin, `mutation($t: [TouchpointInput!]) { ingestTouchpoints(touchpoints: $t) }`, { t: tps });
    expect(ing.errors).toBeUndefined();
    const r = await gql(server.url, a.admin, RUN, { input: { name: "Meta exposure", method: "propensity_matching", touchpoints: { dateRange: { from: "2026-07-01", to: "2026-07-31" } },
      matching: { outcome: "converted", treatment: "exposed_facebook_paid", covariates: ["touches_google_cpc"], bootstrap: 50 } } });
    expect(r.errors).toBeUndefined();
    const x = r.data!.runCausalAnalysis;
    // Journeys without a single event do not exist: 170 of the 200 have one.
    const journeys = new Set(tps.map((t) => t.journeyId)).size;
    expect(journeys).toBe(170);
    expect(x.observations).toBe(170);
    const matching = asType(x.result, "MatchingAnalysis");
    expect(matching.treatedUnits).toBe(new Set(tps.filter((t) => t.channel === "facebook / paid").map((t) => t.journeyId)).size);
    expect(matching.treatedUnits + matching.controlUnits).toBe(170);
    expect(matching.balance.map((b) => b.covariate)).toEqual(["touches_google_cpc"]);
  });

  it("refuses viewers (FORBIDDEN), missing options and unknown columns (BAD_USER_INPUT with what to fix)", async () => {
    const base: CausalAnalysisInput = { name: "x", method: "instrumental_variables", rows: ivRows() };
    expect(codes(await gql(server.url, a.viewer, RUN, { input: { ...base, iv: { outcome: "demand", treatment: "price", instruments: ["cost"] } } }))).toEqual(["FORBIDDEN"]);
    const missing = await gql(server.url, a.admin, RUN, { input: base });
    expect(missing.errors![0]!.message).toBe('method instrumental_variables needs its options in "iv".');
    const unknown = await gql(server.url, a.admin, RUN, { input: { ...base, iv: { outcome: "demand", treatment: "price", instruments: ["weather"] } } });
    expect(codes(unknown)).toEqual(["BAD_USER_INPUT"]);
    expect(unknown.errors![0]!.message).toBe('Column "weather" is not in the data; it has demand, price, cost.');
    const two = await gql(server.url, a.admin, RUN, { input: { ...base, csv: "a\n1", iv: { outcome: "demand", treatment: "price", instruments: ["cost"] } } });
    expect(two.errors![0]!.message).toBe("Give exactly one data source: rows, csv, dataset or touchpoints.");
  });
});

describe("recommendBudget over GraphQL", () => {
  it("splits a daily budget by Thompson sampling over the platforms' facts, skipping a channel without spend", async () => {
    const facts = [];
    for (let d = 0; d < 30; d++) {
      const date = addDays("2026-06-01", d);
      const wob = d % 2 ? 1.1 : 0.9;
      facts.push({ source: "meta-export", platform: "meta", campaignId: "m1", date, currency: "USD", spend: "100", clicks: 200, conversions: "10", revenue: String(300 * wob) });
      facts.push({ source: "gads-export", platform: "google_ads", campaignId: "g1", date, currency: "USD", spend: "100", clicks: 200, conversions: "5", revenue: String(150 * wob) });
      facts.push({ source: "klaviyo-export", platform: "klaviyo", campaignId: "k1", date, currency: "USD", spend: "0", conversions: "3", revenue: "90" });
    }
    const ing = await gql(server.url, a.admin, `mutation($f: [FactInput!]!) { ingestFacts(input: $f) { written } }`, { f: facts });
    expect(ing.data!.ingestFacts.written).toBe(90);
    const q = RecommendBudgetDocument;
    const r = await gql(server.url, a.viewer, q, { input: { dateRange: { from: "2026-06-01", to: "2026-06-30" }, budget: 1000, explorationFloor: 0.1, seed: 5 } });
    expect(r.errors).toBeUndefined();
    const rec = r.data!.recommendBudget;
    expect(rec).toMatchObject({ model: "gaussian_roas", budget: 1000, currency: "USD", skipped: ["klaviyo"], seed: 5 });
    const by = Object.fromEntries(rec.arms.map((x) => [x.key, x]));
    expect(Object.keys(by)).toEqual(["google_ads", "meta"]);
    expect(by.meta!).toMatchObject({ currentSpend: 100, observations: 30, probabilityBest: 1, recommendedSpend: 900 });
    expect(by.meta!.valuePerSpend).toBeCloseTo(3, 1);
    expect(by.google_ads!.recommendedSpend).toBe(100);
    const again = await gql(server.url, a.viewer, q, { input: { dateRange: { from: "2026-06-01", to: "2026-06-30" }, budget: 1000, explorationFloor: 0.1, seed: 5 } });
    expect(again.data).toEqual(r.data);
    expect((await gql(server.url, b.admin, q, { input: { dateRange: { from: "2026-06-01", to: "2026-06-30" }, budget: 1000 } })).errors![0]!.message).toBe("No arm has data in the range; widen the date range or the filter.");
  });
});
