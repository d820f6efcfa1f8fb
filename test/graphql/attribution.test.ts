import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { asType, codes, gql } from "../helpers/graphql.js";
import {
  AttributionModelsDocument, AttributionModelStatusDocument, IngestTouchpointsDocument, MmmResultsDocument, MtaResultsDocument, OptimizeBudgetDocument,
  TrainAttributionModelDocument,
} from "../../generated/graphql.js";
import { wsClient } from "../helpers/ws.js";
import { upsertFacts } from "../../src/db/facts.js";
import { generateWorld } from "../unit/attribution/mmm-world.js";

let server: TestServer;
let a: { admin: string; viewer: string };
let b: { admin: string };
let orgA: string;

beforeAll(async () => {
  server = await startTestServer();
  const oa = await server.createOrg("Attr A");
  orgA = oa.orgId;
  const ob = await server.createOrg("Attr B");
  a = { admin: await oa.key("admin"), viewer: await oa.key("viewer") };
  b = { admin: await ob.key("admin") };
});
afterAll(() => server.close());

const csv = `journey_id,occurred_at,kind,url,channel,value
j1,2024-01-01T10:00:00Z,touch,https://shop.example/?utm_source=A,,
j1,2024-01-08T10:00:00Z,touch,,B,
j1,2024-01-15T10:00:00Z,touch,https://shop.example/?utm_source=C,,
j1,2024-01-15T11:00:00Z,conversion,,,100
j2,2024-01-02T10:00:00Z,touch,,B,
j2,2024-01-02T12:00:00Z,conversion,,,50
j3,2024-01-03T10:00:00Z,touch,https://shop.example/?utm_source=a,,
`;

const waitReady = async (key: string, id: string) => {
  for (let i = 0; i < 200; i++) {
    const r = await gql(server.url, key, AttributionModelStatusDocument, { id });
    if (r.data!.attributionModel.status !== "queued" && r.data!.attributionModel.status !== "training") return r.data!.attributionModel.status;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("model did not finish");
};

describe("attribution over GraphQL", () => {
  it("ingests touchpoints, trains an MTA model with progress on the subscription (own org only), and serves exact Markov results", async () => {
    const ing = await gql(server.url, a.admin, IngestTouchpointsDocument, { csv });
    expect(ing.data!.ingestTouchpoints).toBe(7);
    const seenA: any[] = [], seenB: any[] = [];
    const ca = wsClient(server.wsUrl, a.viewer), cb = wsClient(server.wsUrl, b.admin);
    const finished = new Promise<void>((resolve, reject) => {
      ca.subscribe({ query: `subscription { trainingProgress { modelId status stage progress error } }` }, {
        next: (v) => { seenA.push(v.data!.trainingProgress); if ((v.data!.trainingProgress as any).status !== "training") resolve(); }, error: reject, complete: () => {},
      });
    });
    cb.subscribe({ query: `subscription { trainingProgress { modelId } }` }, { next: (v) => void seenB.push(v), error: () => {}, complete: () => {} });
    await new Promise((r) => setTimeout(r, 300));
    const t = await gql(server.url, a.admin, TrainAttributionModelDocument, { input: { name: "journeys", type: "mta", methods: ["markov", "shapley"] } });
    const id = t.data!.trainAttributionModel.id;
    expect(t.data!.trainAttributionModel.status).toBe("queued");
    await finished;
    await ca.dispose(); await cb.dispose();
    expect(seenA.at(-1)).toEqual({ modelId: id, status: "ready", stage: "done", progress: 1, error: null });
    expect(seenB).toEqual([]);
    const r = await gql(server.url, a.viewer, MtaResultsDocument, { id, method: "markov" });
    const m = r.data!.attributionModel;
    expect(m.status).toBe("ready");
    expect(m.results.map((x) => [x.channel, x.share, x.removalEffect])).toEqual([["B", 0.5, 1], ["a", 0.25, 0.5], ["c", 0.25, 0.5]]);
    expect(codes(await gql(server.url, b.admin, AttributionModelStatusDocument, { id }))).toEqual(["NOT_FOUND"]);
  });

  it("refuses optimizeBudget on a multi-touch model and training by a viewer", async () => {
    const id = (await gql(server.url, a.admin, AttributionModelsDocument, { type: "mta", first: 1 })).data!.attributionModels.edges[0]!.node.id;
    await waitReady(a.admin, id);
    const r = await gql(server.url, a.viewer, OptimizeBudgetDocument, { id, budget: 100 });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, a.viewer, TrainAttributionModelDocument, { input: { name: "x", type: "mta" } }))).toEqual(["FORBIDDEN"]);
  });

  it("refuses an unknown or mistyped training option instead of ignoring it", async () => {
    const train = `mutation($mmm: MmmOptionsInput) { trainAttributionModel(input: { name: "m", type: mmm, from: "2024-01-01", to: "2024-01-31", mmm: $mmm }) { id } }`;
    expect(codes(await gql(server.url, a.admin, train, { mmm: { grain: "week" } }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, a.admin, train, { mmm: { adstok: "weibull" } }))).toEqual(["BAD_USER_INPUT"]);
    // graphql-probe: a misspelt inline option must fail validation
    const inline = await gql(server.url, a.admin, `mutation { trainAttributionModel(input: { name: "m", type: mta, mta: { halfLife: 3 } }) { id } }`);
    expect(codes(inline)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(inline.errors![0]!.message).toBe('Field "halfLife" is not defined by type "MtaOptionsInput". Did you mean "halfLifeDays"?');
    const ok = await gql(server.url, a.admin, TrainAttributionModelDocument, { input: { name: "weekly", type: "mmm", from: "2024-01-01", to: "2024-01-31", mmm: { grain: "WEEK", adstock: "weibull" } } });
    expect(ok.data!.trainAttributionModel.config).toEqual({ mmm: { grain: "WEEK", adstock: "weibull" } });
    await waitReady(a.admin, ok.data!.trainAttributionModel.id);
  });

  it("records a failed MMM with the reason when there are no outcome facts", async () => {
    const t = await gql(server.url, a.admin, TrainAttributionModelDocument, { input: { name: "mmm", type: "mmm", from: "2024-01-01", to: "2024-03-31" } });
    const id = t.data!.trainAttributionModel.id;
    expect(await waitReady(a.admin, id)).toBe("failed");
    const r = await gql(server.url, a.viewer, `query($id: ID!) { attributionModel(id: $id) { error decomposition { date } } optimizeBudget(modelId: $id, budget: 10) { periods } }`, { id });
    expect(r.errors![0]!.extensions!.code).toBe("CONFLICT");
  });
});

describe("marketing mix model over GraphQL", () => {
  it("trains on outcome facts, serves ROAS intervals and response curves, and optimises a budget within bounds", async () => {
    const world = generateWorld(400, 11);
    const db = server.app.database.db;
    await upsertFacts(db, orgA, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
    await upsertFacts(db, orgA, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
    // E-mail: delivered messages (impressions) but no spend — an organic channel.
    await upsertFacts(db, orgA, "esp", world.input.dates.map((date, t) => ({ platform: "email", stream: "daily", level: "account" as const, accountId: "esp", date, currency: "USD", impressions: t % 7 === 1 ? 50_000 : 2_000 })));
    const t = await gql(server.url, a.admin, TrainAttributionModelDocument, { input: { name: "mmm", type: "mmm", from: world.input.dates[0], to: world.input.dates[399], mmm: { bootstrap: 20, passes: 1 } } });
    const id = t.data!.trainAttributionModel.id;
    expect(await waitReady(a.admin, id)).toBe("ready");
    const m = await gql(server.url, a.viewer, MmmResultsDocument, { id });
    const model = m.data!.attributionModel;
    expect([model.dataFrom, model.dataTo]).toEqual([world.input.dates[0], world.input.dates[399]]);
    expect(model.results.map((r) => r.channel).sort()).toEqual(["email", "search", "social", "tv"]);
    expect(model.results.find((r) => r.channel === "email")).toMatchObject({ organic: true, spend: null, roas: null, marginalRoas: null, volume: 400 * 2_000 + 57 * 48_000 });
    expect(asType(model.fitMetrics, "MmmFitMetrics").organicChannels).toEqual(["email"]);
    for (const r of model.results.filter((x) => !x.organic)) {
      expect(r.roas!.low).toBeLessThanOrEqual(r.roas!.value);
      expect(r.roas!.high).toBeGreaterThanOrEqual(r.roas!.value);
      expect(r.responseCurve!.points).toHaveLength(13);
      // The current spend is marked, and the curve's marginal ROAS falls as spend grows (diminishing returns).
      const current = r.responseCurve!.points.filter((p) => p.isCurrent);
      expect(current.map((p) => p.spend)).toEqual([r.responseCurve!.currentSpend]);
      expect(r.responseCurve!.currentSpend).toBeCloseTo(r.spend! / 400, 6);
      expect(r.responseCurve!.points.at(-1)!.marginalRoas).toBeLessThan(current[0]!.marginalRoas!);
    }
    const plan = await gql(server.url, a.viewer, OptimizeBudgetDocument, { id, budget: 90000, periods: 30, constraints: [{ channel: "tv", max: 500 }] });
    const p = plan.data!.optimizeBudget;
    expect(p.periods).toBe(30);
    expect(p.allocation.map((x) => x.channel).sort()).toEqual(["search", "social", "tv"]);
    expect(p.allocation.reduce((s, x) => s + x.spend, 0)).toBeCloseTo(90000, 3);
    expect(p.allocation.find((x) => x.channel === "tv")!.perPeriod).toBeLessThanOrEqual(500 + 1e-9);
    expect(p.expectedMediaOutcome.low).toBeLessThanOrEqual(p.expectedMediaOutcome.value);
  });
});
