import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { buildClientSchema, getIntrospectionQuery, type GraphQLObjectType, type IntrospectionQuery } from "graphql";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { sandboxWorlds } from "../../src/db/tables/index.js";
import { upsertEntities } from "../../src/db/facts.js";
import { startTestServer, type TestOrg, type TestServer } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";
import { liftgateArgs } from "../helpers/cli.js";
import { acquireFolderLock, type FolderLock } from "../../src/db/folder-lock.js";
import { startAdminChannel, type AdminChannel } from "../../src/cli/admin-channel.js";
import { runCli } from "../../src/cli/program.js";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Two organizations holding the same-looking data: the same dates, platform, campaign, ad, connection,
// experiment, model, event and key names. Only the money differs (Alpha spends 1000 a row, Beta 10), so a
// total proves whose rows were read. Every query runs as Beta and must answer from Beta's rows only.

interface Seeded {
  org: TestOrg;
  admin: string;
  viewer: string;
  connectionId: string;
  runIds: string[];
  experimentId: string;
  experimentAnalysisId: string;
  modelId: string;
  analysisId: string;
  eventId: string;
  batchId: string;
  linkUrl: string;
  linkId: string;
  nodeIds: string[];
}

const DAYS = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"];
const MARCH = { from: "2024-03-01", to: "2024-03-04" };
const TOKEN = `tok_${randomBytes(8).toString("hex")}`;

let server: TestServer;
let emu: JsonHttpEmulator;
let A: Seeded;
let B: Seeded;

async function ok(key: string, query: string, variables?: Record<string, unknown>) {
  const r = await gql(server.url, key, query, variables);
  if (r.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

async function sync(key: string, connectionId: string, start: string, end: string) {
  const run = await ok(key, `mutation($i: StartSyncInput!) { startSync(input: $i) { id } }`, { i: { connectionId, range: { start, end } } });
  await (await syncEngineOf(server.app)).wait(run.startSync.id);
  return run.startSync.id as string;
}

/** The same names and days for both orgs; `m` scales the money (Alpha 100, Beta 1). */
async function seed(org: TestOrg, m: number, extra: boolean): Promise<Seeded> {
  const admin = await org.key("admin");
  const viewer = await org.key("viewer");
  await upsertEntities(server.app.database.db, org.orgId, null, [
    { platform: "meta", level: "campaign", externalId: "c1", name: "Spring Sale" },
    { platform: "meta", level: "ad", externalId: "c1-ad", parentExternalId: "c1", name: "Hero ad" },
    { platform: "google", level: "campaign", externalId: "c1", name: "Spring Sale" },
    ...(extra ? [{ platform: "meta", level: "campaign" as const, externalId: "c2", name: "Alpha only campaign" }] : []),
  ]);
  // Campaign-level rows, one source per platform (a fact's key has no platform: one source is one platform's rows).
  const row = (platform: string, date: string, campaignId: string, spend: number, revenue: number, currency = "USD") =>
    ({ source: `seed-${platform}`, platform, stream: "campaigns", level: "campaign", date, campaignId, spend: String(spend), revenue: String(revenue), clicks: spend / 2, impressions: spend * 10, currency });
  const facts = DAYS.flatMap((date) => [row("meta", date, "c1", 10 * m, 30 * m), row("google", date, "c1", 10 * m, 30 * m)]);
  facts.push(row("tiktok", "2024-03-01", "c1", 10 * m, 0, "EUR"));
  // Alpha only: another campaign in March and a year of history (which gives Alpha's calendar a seasonality index).
  if (extra) facts.push(row("meta", "2024-03-02", "c2", 8, 8), row("meta", "2023-02-15", "c1", 2, 2));
  const ingested = await ok(admin, `mutation($i: [FactInput!]!) { ingestFacts(input: $i) { written rejected { index reason } } }`, { i: facts });
  expect(ingested.ingestFacts.rejected).toEqual([]);
  // Alpha's calendar differs from Beta's: Korea's 1 March holiday (Samiljeol).
  if (extra) await ok(admin, `mutation { updateOrganization(input: { country: "KR" }) { country } }`);
  await ok(admin, `mutation($r: [FxRateInput!]!) { setFxRates(rates: $r) }`, { r: [{ base: "EUR", quote: "USD", date: "2024-03-01", rate: extra ? "2" : "1.5" }] });

  const event = await ok(admin, `mutation { createMarketingEvent(input: { name: "Spring promo", startDate: "2024-03-02", endDate: "2024-03-03" }) { id nodeId } }`);
  if (extra) await ok(admin, `mutation { createMarketingEvent(input: { name: "Alpha flash sale", startDate: "2024-03-02", endDate: "2024-03-02" }) { id } }`);

  const conn = await ok(admin, `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id nodeId } }`,
    { i: { pluginId: "json-http", name: "Reports", config: { ...emu.config, token: TOKEN } } });

  const exp = await ok(admin, `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id nodeId } }`,
    { i: { name: "Banner test", type: "ab", primaryMetric: "orders", metricType: "binary", variants: [{ name: "control" }, { name: "banner" }] } });
  await ok(admin, `mutation($id: ID!, $d: ExperimentDataInput!) { uploadExperimentData(experimentId: $id, input: $d) { aggregates } }`,
    { id: exp.createExperiment.id, d: { aggregates: [{ variant: "control", n: 100 * m, sum: 10 * m, sumSquares: 10 * m }, { variant: "banner", n: 100 * m, sum: 13 * m, sumSquares: 13 * m }] } });
  const expAnalysis = await ok(admin, `mutation($id: ID!) { analyzeExperiment(experimentId: $id) { id } }`, { id: exp.createExperiment.id });

  const rows = { columns: ["demand", "price", "cost"], values: Array.from({ length: extra ? 90 : 60 }, (_, i) => { const z = Math.sin(i * 1.7), u = Math.cos(i * 0.9) * 0.8; return [100 - 2 * (10 + z + u) + 3 * u, 10 + z + u, z]; }) };
  const analysis = await ok(admin, `mutation($i: CausalAnalysisInput!) { runCausalAnalysis(input: $i) { id nodeId } }`,
    { i: { name: "Price elasticity", method: "instrumental_variables", rows, iv: { outcome: "demand", treatment: "price", instruments: ["cost"] } } });

  const journeys = `journey_id,occurred_at,kind,url,channel,value\nj1,2024-03-01T10:00:00Z,touch,,meta,\nj1,2024-03-01T11:00:00Z,conversion,,,${10 * m}\nj2,2024-03-02T10:00:00Z,touch,,google,\nj2,2024-03-02T11:00:00Z,conversion,,,${20 * m}\n${extra ? "j3,2024-03-03T10:00:00Z,touch,,tiktok,\nj3,2024-03-03T11:00:00Z,conversion,,,5\n" : ""}`;
  await ok(admin, `mutation($csv: String) { ingestTouchpoints(csv: $csv) }`, { csv: journeys });
  const model = await ok(admin, `mutation { trainAttributionModel(input: { name: "journeys", type: mta, methods: [last_touch] }) { id nodeId } }`);

  const imp = await ok(admin, `mutation($i: CsvImportInput!) { importCsv(input: $i) { batch { id nodeId } } }`,
    { i: { platform: "bing", fileName: "spend.csv", csv: `date,campaign,spend,currency\n2024-01-10,Spring Sale,${5 * m},USD\n` } });
  const link = await ok(admin, `mutation($q: MetricsQueryInput) { createExportLink(name: "weekly sheet", metrics: $q) { url exportLink { id nodeId } } }`,
    { q: { dateRange: MARCH, measures: ["spend"], dimensions: ["platform"] } });
  await ok(admin, `mutation { createWebhookEndpoint(url: "https://hooks.example.com/liftgate", events: [syncSucceeded]) { webhookEndpoint { id } } }`);
  await ok(admin, `mutation { createApiKey(name: "looker", role: viewer) { secret } }`);

  const runIds = [await sync(admin, conn.createConnection.id, "2024-01-01", "2024-01-02")];
  await ok(admin, `mutation { reindexMemory { embedded } }`);
  const keyIds = await ok(admin, `{ apiKeys { edges { node { nodeId } } } organization { nodeId } facts(first: 1) { edges { node { nodeId } } } entities(first: 1) { edges { node { nodeId } } } syncRuns { edges { node { nodeId } } } }`);
  return {
    org, admin, viewer, connectionId: conn.createConnection.id, runIds, experimentId: exp.createExperiment.id, experimentAnalysisId: expAnalysis.analyzeExperiment.id, modelId: model.trainAttributionModel.id,
    analysisId: analysis.runCausalAnalysis.id, eventId: event.createMarketingEvent.id, batchId: imp.importCsv.batch.id,
    linkUrl: link.createExportLink.url, linkId: link.createExportLink.exportLink.id,
    nodeIds: [
      conn.createConnection.nodeId, exp.createExperiment.nodeId, analysis.runCausalAnalysis.nodeId, model.trainAttributionModel.nodeId,
      event.createMarketingEvent.nodeId, imp.importCsv.batch.nodeId, link.createExportLink.exportLink.nodeId, keyIds.organization.nodeId,
      keyIds.apiKeys.edges[0].node.nodeId, keyIds.facts.edges[0].node.nodeId, keyIds.entities.edges[0].node.nodeId, keyIds.syncRuns.edges[0].node.nodeId,
    ],
  };
}

beforeAll(async () => {
  emu = await startJsonHttpEmulator({ token: TOKEN, campaigns: 1, adsPerCampaign: 1 });
  server = await startTestServer({ LIFTGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex") });
  A = await seed(await server.createOrg("Alpha"), 100, true);
  B = await seed(await server.createOrg("Beta"), 1, false);
  await server.app.database.db.insert(sandboxWorlds).values({ orgId: A.org.orgId, options: { seed: 1 }, truth: { world: "alpha's truth" } });
  // Both models trained (in the background) before anything reads them.
  for (const s of [A, B]) {
    for (let i = 0; i < 300; i++) {
      const st = (await ok(s.admin, `query($id: ID!) { attributionModel(id: $id) { status } }`, { id: s.modelId })).attributionModel.status;
      if (st !== "queued" && st !== "training") break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}, 300_000);
afterAll(async () => {
  await (await syncEngineOf(server.app)).shutdown();
  await server.close();
  await emu.close();
});

const CAUSAL_COLUMNS = ["date", "spend_google", "impressions_google", "spend_meta", "impressions_meta", "spend_tiktok", "impressions_tiktok",
  "conversions", "revenue", "day_of_week", "is_weekend", "is_holiday", "month", "is_peak_season", "has_event"];
const PROJECTED = ["spend_google", "spend_meta", "spend_tiktok", "revenue", "has_event", "is_holiday"];
const BETA_CAUSAL = [["2024-03-01", 10, 10, 15, 60, 0, 0], ["2024-03-02", 10, 10, 0, 60, 1, 0], ["2024-03-03", 10, 10, 0, 60, 1, 0], ["2024-03-04", 10, 10, 0, 60, 0, 0]];
// platform level externalId name: Beta's own (Alpha also has "Alpha only campaign").
const BETA_ENTITIES = ["bing campaign Spring Sale Spring Sale", "google campaign c1 Spring Sale", "json_http ad ad_1 Ad 1", "json_http campaign cmp_1 Campaign 1", "meta ad c1-ad Hero ad", "meta campaign c1 Spring Sale"];
const asB = (query: string, variables?: Record<string, unknown>) => gql(server.url, B.admin, query, variables);
const dataOf = async (query: string, variables?: Record<string, unknown>) => {
  const r = await asB(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data!;
};
/** Beta asking for one of Alpha's objects by id: NOT_FOUND and no data. */
const notFound = async (query: string, variables: Record<string, unknown>) => {
  const r = await asB(query, variables);
  expect([codes(r), r.data ?? null]).toEqual([["NOT_FOUND"], null]);
};
/** Beta and Alpha get the same answer: the field reads no organization's data. */
const sameForBoth = async (query: string, variables?: Record<string, unknown>) => {
  const [a, b] = await Promise.all([gql(server.url, A.admin, query, variables), asB(query, variables)]);
  expect(b.errors).toBeUndefined();
  expect(b.data).toEqual(a.data);
};

/** One case per Query field: what Beta sees, from Beta's rows only. A new Query field without a case fails the test below. */
const CASES: Record<string, () => Promise<void>> = {
  apiKeys: async () => {
    const d = await dataOf(`{ apiKeys { totalCount edges { node { name role } } } }`);
    expect(d.apiKeys.totalCount).toBe(3);
    expect(d.apiKeys.edges.map((e: any) => e.node.name).sort()).toEqual(["looker", "test-admin", "test-viewer"]);
  },
  ask: async () => {
    const d = await dataOf(`query($q: String!) { ask(question: $q, today: "2024-03-05") { rows { platform spend } totals { spend } } }`, { q: "spend by platform from 2024-03-01 to 2024-03-04" });
    expect(d.ask).toEqual({ rows: [{ platform: "google", spend: "40" }, { platform: "meta", spend: "40" }, { platform: "tiktok", spend: "15" }], totals: { spend: "95" } });
  },
  attributionModel: async () => {
    const d = await dataOf(`query($id: ID!) { attributionModel(id: $id) { name status results { channel conversions share } } }`, { id: B.modelId });
    // Alpha's model also credits a tiktok journey.
    expect(d.attributionModel).toEqual({ name: "journeys", status: "ready", results: [{ channel: "google", conversions: 1, share: 2 / 3 }, { channel: "meta", conversions: 1, share: 1 / 3 }] });
    await notFound(`query($id: ID!) { attributionModel(id: $id) { name } }`, { id: A.modelId });
  },
  attributionModels: async () => {
    const d = await dataOf(`{ attributionModels { totalCount edges { node { id name } } } }`);
    expect(d.attributionModels).toEqual({ totalCount: 1, edges: [{ node: { id: B.modelId, name: "journeys" } }] });
  },
  calendar: async () => {
    const d = await dataOf(`{ calendar(from: "2024-03-01", to: "2024-03-04") { date events holidayName seasonalityIndex } }`);
    // Alpha's days have its "Alpha flash sale", Korea's 1 March holiday and (a year of history) a seasonality index.
    expect(d.calendar).toEqual([
      { date: "2024-03-01", events: [], holidayName: null, seasonalityIndex: null },
      { date: "2024-03-02", events: ["Spring promo"], holidayName: null, seasonalityIndex: null },
      { date: "2024-03-03", events: ["Spring promo"], holidayName: null, seasonalityIndex: null },
      { date: "2024-03-04", events: [], holidayName: null, seasonalityIndex: null },
    ]);
    const alphas = await gql(server.url, A.admin, `{ calendar(from: "2024-03-01", to: "2024-03-02") { events isHoliday seasonalityIndex } }`);
    expect(alphas.data!.calendar.map((c: any) => [c.events.length, c.isHoliday, c.seasonalityIndex !== null])).toEqual([[0, true, true], [2, false, true]]);
  },
  causalAnalyses: async () => {
    const d = await dataOf(`{ causalAnalyses { totalCount edges { node { id name observations } } } }`);
    expect(d.causalAnalyses).toEqual({ totalCount: 1, edges: [{ node: { id: B.analysisId, name: "Price elasticity", observations: 60 } }] });
  },
  causalAnalysis: async () => {
    const d = await dataOf(`query($id: ID!) { causalAnalysis(id: $id) { observations } }`, { id: B.analysisId });
    expect(d.causalAnalysis).toEqual({ observations: 60 });
    await notFound(`query($id: ID!) { causalAnalysis(id: $id) { observations } }`, { id: A.analysisId });
  },
  causalDataset: async () => {
    const d = await dataOf(`query($i: CausalDatasetInput!) { causalDataset(input: $i) { channels columns rows { date cells { column number text } } } }`, { i: { dateRange: MARCH, calendarControls: true } });
    expect([d.causalDataset.channels, d.causalDataset.columns]).toEqual([["google", "meta", "tiktok"], CAUSAL_COLUMNS]);
    const cell = (r: any, c: string) => r.cells.find((x: any) => x.column === c)!.number;
    // Beta's spend (tiktok's 10 EUR at Beta's own rate 1.5), Beta's revenue, Beta's "Spring promo" on the 2nd and 3rd.
    expect(d.causalDataset.rows.map((r: any) => [r.date, ...PROJECTED.map((c) => cell(r, c))])).toEqual(BETA_CAUSAL);
  },
  connection: async () => {
    const d = await dataOf(`query($id: ID!) { connection(id: $id) { id name } }`, { id: B.connectionId });
    expect(d.connection).toEqual({ id: B.connectionId, name: "Reports" });
    await notFound(`query($id: ID!) { connection(id: $id) { name } }`, { id: A.connectionId });
  },
  connections: async () => {
    const d = await dataOf(`{ connections { totalCount edges { node { id name } } } }`);
    expect(d.connections).toEqual({ totalCount: 1, edges: [{ node: { id: B.connectionId, name: "Reports" } }] });
  },
  connectors: () => sameForBoth(`{ connectors { id name } }`),
  currentApiKey: async () => {
    const d = await dataOf(`{ currentApiKey { name role } }`);
    expect(d.currentApiKey).toEqual({ name: "test-admin", role: "admin" });
  },
  dataQuality: async () => {
    const d = await dataOf(`query($r: DateRangeInput!) { dataQuality(dateRange: $r) { rules { rule checked failed } } }`, { r: MARCH });
    expect(d.dataQuality.rules.map((r: any) => [r.rule, r.checked, r.failed])).toEqual([
      ["completeness", 9, 0], ["duplicate_keys", 9, 0], ["negative_values", 9, 0], ["clicks_above_impressions", 9, 0], ["conversions_above_clicks", 9, 0],
      ["spend_without_impressions", 9, 0], ["missing_currency", 9, 0], ["missing_exchange_rate", 9, 0], ["stale_connections", 0, 0]]);
    // Alpha's connection id filters Beta's facts to none: nothing of Alpha's is counted.
    const theirs = await dataOf(`query($r: DateRangeInput!, $c: ID) { dataQuality(dateRange: $r, connectionId: $c) { rules { checked } } }`, { r: MARCH, c: A.connectionId });
    expect(theirs.dataQuality.rules.map((r: any) => r.checked)).toEqual(Array(9).fill(0));
  },
  entities: async () => {
    const d = await dataOf(`{ entities(first: 50) { edges { node { platform level externalId name } } } }`);
    expect(d.entities.edges.map((e: any) => Object.values(e.node).join(" ")).sort()).toEqual(BETA_ENTITIES);
  },
  experiment: async () => {
    const d = await dataOf(`query($id: ID!) { experiment(id: $id) { name analysis { id } analyses { totalCount edges { node { id } } } } }`, { id: B.experimentId });
    expect(d.experiment).toEqual({ name: "Banner test", analysis: { id: B.experimentAnalysisId }, analyses: { totalCount: 1, edges: [{ node: { id: B.experimentAnalysisId } }] } });
    await notFound(`query($id: ID!) { experiment(id: $id) { name } }`, { id: A.experimentId });
  },
  experimentPower: () => sameForBoth(`{ experimentPower(input: { baseline: 0.1, mde: 0.02, binary: true }) { sampleSizePerArm minimumDetectableEffect } }`),
  experiments: async () => {
    const d = await dataOf(`{ experiments { totalCount edges { node { id name } } } }`);
    expect(d.experiments).toEqual({ totalCount: 1, edges: [{ node: { id: B.experimentId, name: "Banner test" } }] });
  },
  exportLinks: async () => {
    const d = await dataOf(`{ exportLinks { totalCount edges { node { id name } } } }`);
    expect(d.exportLinks).toEqual({ totalCount: 1, edges: [{ node: { id: B.linkId, name: "weekly sheet" } }] });
  },
  facts: async () => {
    const d = await dataOf(`query($f: FactFilter) { facts(first: 100, filter: $f) { totalCount edges { node { date platform campaignId spend campaign { name } } } } }`, { f: { from: MARCH.from, to: MARCH.to } });
    expect(d.facts.totalCount).toBe(9);
    expect(d.facts.edges.map((e: any) => e.node.spend).sort()).toEqual(Array(9).fill("10.000000"));
    expect(new Set(d.facts.edges.map((e: any) => e.node.campaign?.name ?? null))).toEqual(new Set(["Spring Sale", null]));
    const theirs = await dataOf(`{ facts(first: 10, filter: { campaignIds: ["c2"] }) { totalCount } }`);
    expect(theirs.facts.totalCount).toBe(0);
  },
  importBatch: async () => {
    const d = await dataOf(`query($id: ID!) { importBatch(id: $id) { fileName rowsLoaded } }`, { id: B.batchId });
    expect(d.importBatch).toEqual({ fileName: "spend.csv", rowsLoaded: 1 });
    await notFound(`query($id: ID!) { importBatch(id: $id) { fileName } }`, { id: A.batchId });
  },
  importBatches: async () => {
    const d = await dataOf(`{ importBatches { totalCount edges { node { id } } } }`);
    expect(d.importBatches).toEqual({ totalCount: 1, edges: [{ node: { id: B.batchId } }] });
  },
  insights: async () => {
    const d = await dataOf(`query($r: DateRangeInput!) { insights(dateRange: $r) { overall { kpis { measure value } } } }`, { r: MARCH });
    expect(d.insights.overall.kpis).toEqual([
      { measure: "spend", value: "95" }, { measure: "revenue", value: "240" }, { measure: "roas", value: "2.526316" }, { measure: "conversions", value: "0" },
      { measure: "cpa", value: null }, { measure: "ctr", value: "0.05" }, { measure: "cvr", value: "0" }]);
  },
  marketingEvents: async () => {
    const d = await dataOf(`{ marketingEvents(from: "2024-03-01", to: "2024-03-04") { id name } }`);
    expect(d.marketingEvents).toEqual([{ id: B.eventId, name: "Spring promo" }]);
  },
  metrics: async () => {
    const d = await dataOf(`query($q: MetricsQueryInput!) { metrics(query: $q) { rows { platform campaign campaignName spend revenue } totals { spend revenue } } }`,
      { q: { dateRange: MARCH, measures: ["spend", "revenue"], dimensions: ["platform", "campaign", "campaignName"], convertCurrency: true } });
    expect(d.metrics).toEqual({
      rows: [
        { platform: "google", campaign: "c1", campaignName: "Spring Sale", spend: "40", revenue: "120" },
        { platform: "meta", campaign: "c1", campaignName: "Spring Sale", spend: "40", revenue: "120" },
        { platform: "tiktok", campaign: "c1", campaignName: null, spend: "15", revenue: "0" }],
      totals: { spend: "95", revenue: "240" },
    });
    // Days joined to Beta's events only: Alpha's "Alpha flash sale" on the 2nd neither shows nor splits a day.
    const byEvent = await dataOf(`query($q: MetricsQueryInput!) { metrics(query: $q) { rows { event spend } } }`, { q: { dateRange: MARCH, measures: ["spend"], dimensions: ["event"] } });
    expect(byEvent.metrics.rows.sort((x: any, y: any) => String(x.event).localeCompare(String(y.event)))).toEqual([{ event: null, spend: "55" }, { event: "Spring promo", spend: "40" }]);
  },
  node: async () => {
    for (const id of B.nodeIds) expect((await asB(`query($id: ID!) { node(id: $id) { nodeId } }`, { id })).data).toEqual({ node: { nodeId: id } });
    for (const id of A.nodeIds) await notFound(`query($id: ID!) { node(id: $id) { nodeId } }`, { id });
  },
  nodes: async () => {
    const r = await asB(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: [...A.nodeIds, B.nodeIds[0]] });
    expect(r.data!.nodes).toEqual([...A.nodeIds.map(() => null), { nodeId: B.nodeIds[0] }]);
    expect(codes(r)).toEqual(A.nodeIds.map(() => "NOT_FOUND"));
  },
  optimizeBudget: () => notFound(`query($id: ID!) { optimizeBudget(modelId: $id, budget: 100) { __typename } }`, { id: A.modelId }),
  organization: async () => {
    const d = await dataOf(`{ organization { id name } }`);
    expect(d.organization).toEqual({ id: B.org.orgId, name: "Beta" });
  },
  previewTransform: () => sameForBoth(`query($i: PreviewTransformInput!) { previewTransform(input: $i) { facts { date spend } rejects { reason } } }`,
    { i: { pluginId: "json-http", stream: "daily", records: [{ date: "2024-03-01", campaign_id: "c1", ad_id: "a1", spend: 3 }] } }),
  recommendBudget: async () => {
    const d = await dataOf(`query($i: RecommendBudgetInput!) { recommendBudget(input: $i) { arms { key currentSpend observations } } }`, { i: { budget: 100, dateRange: MARCH, seed: 1 } });
    // currentSpend is Beta's daily spend (Alpha's is 1000, 1002 and 2000).
    expect(d.recommendBudget.arms).toEqual([
      { key: "google", currentSpend: 10, observations: 4 }, { key: "meta", currentSpend: 10, observations: 4 }, { key: "tiktok", currentSpend: 15, observations: 1 }]);
  },
  sandboxTruth: async () => {
    expect((await dataOf(`{ sandboxTruth }`)).sandboxTruth).toBeNull();
    expect((await gql(server.url, A.admin, `{ sandboxTruth }`)).data!.sandboxTruth).toEqual({ world: "alpha's truth" });
  },
  search: async () => {
    const d = await dataOf(`{ search(query: "Spring Sale", first: 20) { kind title link { type id } } }`);
    const own = await dataOf(`{ entities(first: 50) { edges { node { id } } } }`);
    const betas = new Set([...own.entities.edges.map((e: any) => e.node.id), B.experimentId, B.modelId, ...B.runIds, null]);
    const foreign = d.search.filter((h: any) => !betas.has(h.link.id));
    expect([d.search.length > 0, foreign]).toEqual([true, []]);
    expect(d.search.filter((h: any) => h.title.includes("Alpha"))).toEqual([]);
  },
  syncRun: async () => {
    const d = await dataOf(`query($id: ID!) { syncRun(id: $id) { id connectionId status } }`, { id: B.runIds[0] });
    expect(d.syncRun).toEqual({ id: B.runIds[0], connectionId: B.connectionId, status: "succeeded" });
    await notFound(`query($id: ID!) { syncRun(id: $id) { id } }`, { id: A.runIds[0] });
  },
  syncRuns: async () => {
    const d = await dataOf(`{ syncRuns { totalCount edges { node { id } } } }`);
    expect(d.syncRuns.edges.map((e: any) => e.node.id).sort()).toEqual([...B.runIds].sort());
    const theirs = await asB(`query($c: ID) { syncRuns(connectionId: $c) { totalCount } }`, { c: A.connectionId });
    expect(theirs.data).toEqual({ syncRuns: { totalCount: 0 } });
  },
  webhookEndpoints: async () => {
    const d = await dataOf(`{ webhookEndpoints { totalCount edges { node { url deliveries { edges { node { event body } } } } } } }`);
    expect([d.webhookEndpoints.totalCount, d.webhookEndpoints.edges[0].node.url]).toEqual([1, "https://hooks.example.com/liftgate"]);
    // Deliveries are of Beta's own sync only (its first run's sync.succeeded).
    const about = d.webhookEndpoints.edges[0].node.deliveries.edges.map(({ node: x }: any) => { const body = JSON.parse(x.body); return [x.event, body.organization.id, body.data.runId]; });
    expect(about).toEqual([["syncSucceeded", B.org.orgId, B.runIds[0]]]);
  },
};

describe("two organizations with overlapping data: Beta reads only Beta's", () => {
  it("every Query field the server serves has a case here", async () => {
    const intro = await gql<IntrospectionQuery>(server.url, B.viewer, getIntrospectionQuery());
    const fields = Object.keys((buildClientSchema(intro.data!).getQueryType() as GraphQLObjectType).getFields()).sort();
    expect(Object.keys(CASES).sort()).toEqual(fields);
  });

  it.each(Object.keys(CASES).sort())("%s", async (field) => {
    await CASES[field]!();
  });
});

describe("the other paths: WebSocket, CSV export, the CLI", () => {
  it("over WebSocket Beta's key reads Beta's totals and gets NOT_FOUND for Alpha's ids", async () => {
    const client = wsClient(server.wsUrl, B.viewer);
    const totals = await wsExecute(client, `query($q: MetricsQueryInput!) { metrics(query: $q) { totals { spend revenue } } }`, { q: { dateRange: MARCH, measures: ["spend", "revenue"] } });
    const node = await wsExecute(client, `query($id: ID!) { node(id: $id) { nodeId } }`, { id: A.nodeIds[0] });
    const conns = await wsExecute(client, `{ connections { edges { node { id } } } experiments { edges { node { id } } } attributionModels { edges { node { id } } } }`);
    await client.dispose();
    expect(totals).toEqual({ data: { metrics: { totals: { spend: "95", revenue: "240" } } } });
    expect([node.errors?.map((e) => e.extensions?.code), node.data ?? null]).toEqual([["NOT_FOUND"], null]);
    const only = (id: string) => ({ edges: [{ node: { id } }] });
    expect(conns).toEqual({ data: { connections: only(B.connectionId), experiments: only(B.experimentId), attributionModels: only(B.modelId) } });
  });

  it("syncProgress delivers Beta's sync events to Beta's socket and none of Alpha's (nor for Alpha's run or connection ids)", async () => {
    const seen: Record<string, string[]> = { betaAskingAlphaConn: [], betaAskingAlphaRun: [], betaAll: [], alphaAll: [] };
    const closes: unknown[] = [];
    // Eager sockets that reconnect (and resubscribe) should a loaded machine miss connection_init's 3 s window.
    const socket = (key: string) => createClient({
      url: server.wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 3, connectionParams: { authorization: `Bearer ${key}` },
      on: { closed: (e) => void closes.push([(e as { code?: number }).code, (e as { reason?: string }).reason]) },
    });
    const beta = socket(B.viewer);
    const alpha = socket(A.viewer);
    const listen = (client: Client, name: string, args = "") => client.subscribe({ query: `subscription { syncProgress${args} { runId status } }` }, {
      next: (v) => void seen[name]!.push(`${(v.data as any).syncProgress.runId} ${(v.data as any).syncProgress.status}`), error: (e) => void seen[name]!.push(`error ${JSON.stringify(e)}`), complete: () => {},
    });
    // Sent before Beta's open subscription on the same socket, so they are live once it is.
    listen(beta, "betaAskingAlphaConn", `(connectionId: "${A.connectionId}")`);
    listen(beta, "betaAskingAlphaRun", `(runId: "${A.runIds[0]}")`);
    listen(beta, "betaAll");
    listen(alpha, "alphaAll");
    const finished = (name: string, runId: string) => seen[name]!.includes(`${runId} succeeded`);
    const seenWithin = async (name: string, runId: string, ms: number) => {
      for (const t0 = Date.now(); Date.now() - t0 < ms && !finished(name, runId);) await new Promise((r) => setTimeout(r, 50));
      return finished(name, runId);
    };
    // graphql-ws does not say when a subscription is live: sync until the org's subscriber has seen a whole run.
    const liveRun = async (s: Seeded, name: string) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const id = await sync(s.admin, s.connectionId, "2024-01-03", "2024-01-03");
        s.runIds.push(id);
        if (await seenWithin(name, id, 5_000)) return id;
      }
      throw new Error(`${name} never became live: ${JSON.stringify({ seen, closes })}`);
    };
    await liveRun(B, "betaAll");
    await liveRun(A, "alphaAll");
    // Beta's last run comes after every event of Alpha's on the bus.
    const last = await sync(B.admin, B.connectionId, "2024-01-04", "2024-01-04");
    B.runIds.push(last);
    expect(await seenWithin("betaAll", last, 30_000)).toBe(true);
    await Promise.all([beta.dispose(), alpha.dispose()]);
    const runsOf = (name: string) => [...new Set(seen[name]!.map((l) => l.split(" ")[0]))].sort();
    // Every run Beta's socket heard of is Beta's (Alpha's live run among the ones it must not have), and Alpha's likewise.
    expect([runsOf("betaAll").filter((id) => !B.runIds.includes(id)), runsOf("betaAll").includes(last)]).toEqual([[], true]);
    expect(runsOf("alphaAll").filter((id) => !A.runIds.includes(id))).toEqual([]);
    expect([seen.betaAskingAlphaConn, seen.betaAskingAlphaRun]).toEqual([[], []]);
  });

  it("CSV export by key (GET /export/metrics.csv, POST /export/causal-dataset.csv) holds Beta's rows only", async () => {
    const base = server.url.replace(/\/graphql$/, "");
    const q = { dateRange: MARCH, measures: ["spend", "revenue"], dimensions: ["platform"], orderBy: [{ field: "platform", direction: "asc" }] };
    const metrics = await fetch(`${base}/export/metrics.csv?query=${encodeURIComponent(JSON.stringify(q))}`, { headers: { authorization: `Bearer ${B.viewer}` } });
    expect([metrics.status, await metrics.text()]).toEqual([200, "platform,spend,revenue\ngoogle,40,120\nmeta,40,120\ntiktok,15,0\n"]);
    const causal = await fetch(`${base}/export/causal-dataset.csv`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${B.viewer}` }, body: JSON.stringify({ query: { dateRange: MARCH, calendarControls: true } }) });
    const [header, ...lines] = (await causal.text()).trim().split("\n").map((l) => l.split(","));
    expect([causal.status, header]).toEqual([200, CAUSAL_COLUMNS]);
    expect(lines.map((l) => [l[0], ...PROJECTED.map((c) => Number(l[header!.indexOf(c)]))])).toEqual(BETA_CAUSAL);
  });

  it("each org's signed export link serves that org's rows, whoever fetches it", async () => {
    const [a, b] = await Promise.all([A.linkUrl, B.linkUrl].map(async (u) => { const r = await fetch(u); return [r.status, await r.text()]; }));
    expect(b).toEqual([200, "platform,spend\ngoogle,40\nmeta,40\ntiktok,15\n"]);
    expect(a).toEqual([200, "platform,spend\ngoogle,4000\nmeta,4008\ntiktok,2000\n"]);
  });

  describe("the CLI, performed by this server through its admin channel as beside `liftgate serve`", () => {
    let dir: string;
    let lock: FolderLock;
    let channel: AdminChannel;
    const liftgate = (...args: string[]) => new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
      execFile(process.execPath, liftgateArgs(...args), { env: { ...process.env, LIFTGATE_DATA_DIR: dir, DATABASE_URL: "", NO_COLOR: "1" } },
        (e, stdout, stderr) => r({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr })));
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "liftgate-tenancy-"));
      lock = acquireFolderLock(dir, "server");
      channel = await startAdminChannel(server.app, dir, runCli);
      lock.update({ url: server.url, socket: channel.socket });
    });
    afterAll(async () => {
      await channel.close();
      lock.release();
      rmSync(dir, { recursive: true, force: true });
    });

    it("connection list and key list --org Beta print Beta's rows and none of Alpha's", async () => {
      const conns = await liftgate("connection", "list", "--org", B.org.orgId);
      expect([conns.code, conns.stderr]).toEqual([0, ""]);
      expect(conns.stdout.split("\n").filter(Boolean).map((l) => l.split("  ").slice(0, 2))).toEqual([[B.connectionId, "Reports"]]);
      const keys = await liftgate("key", "list", "--org", B.org.orgId);
      const ids = (await gql(server.url, B.admin, `{ apiKeys { edges { node { id } } } }`)).data!.apiKeys.edges.map((e: any) => e.node.id).sort();
      expect([keys.code, keys.stdout.split("\n").filter(Boolean).map((l) => l.split("  ")[0]).sort()]).toEqual([0, ids]);
    });
  });
});
