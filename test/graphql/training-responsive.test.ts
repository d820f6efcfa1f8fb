import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";
import { upsertFacts } from "../../src/db/facts.js";
import { generateWorld } from "../unit/attribution/mmm-world.js";
import { computeStats } from "../../src/compute/pool.js";
import { attributionModels } from "../../src/db/tables/index.js";

let server: TestServer;
let key: string;
let viewer: string;
let otherOrgKey: string;
let orgId: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Busy Trainer");
  key = await org.key("admin");
  viewer = await org.key("viewer");
  orgId = org.orgId;
  otherOrgKey = await (await server.createOrg("Other Trainer")).key("admin");
  const world = generateWorld(365, 5);
  const db = server.app.database.db;
  await upsertFacts(db, org.orgId, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
  await upsertFacts(db, org.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
});
afterAll(() => server.close());

describe("requests during model training", () => {
  it("serves trivial queries while an MMM fits (the fit runs in a worker thread), through each stage of the training", async () => {
    const events: { modelId: string; stage: string; status: string }[] = [];
    const progress = server.app.events.subscribe("TRAINING_PROGRESS")[Symbol.asyncIterator]();
    void (async () => { for (let e = await progress.next(); !e.done; e = await progress.next()) events.push(e.value as never); })();
    const t = await gql(server.url, key, `mutation { trainAttributionModel(input: { name: "slow", type: mmm, from: "2022-01-03", to: "2023-01-02", mmm: { bootstrap: 200, passes: 1 } }) { id } }`);
    const id = t.data!.trainAttributionModel.id as string;
    let servedWhileTraining = 0, status = "queued", lastError: unknown;
    for (;;) {
      const q = await gql(server.url, key, `query($id: ID!) { organization { name } attributionModel(id: $id) { status error } }`, { id });
      expect(q.data!.organization.name).toBe("Busy Trainer");
      status = q.data!.attributionModel.status;
      lastError = q.data!.attributionModel.error;
      if (status !== "queued" && status !== "training") break;
      if (status === "training") servedWhileTraining++;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(status, String(lastError)).toBe("ready");
    // With the fit on the event loop, the server could answer only between its progress reports.
    expect(servedWhileTraining).toBeGreaterThanOrEqual(10);
    await progress.return?.();
    // Loading its data (SQL), fitting (the data is loaded; the pool's thread reports the search and the bootstrap),
    // then saving after the thread's last report (done, still training) until the model is ready.
    const stages = events.filter((e) => e.modelId === id).map((e) => `${e.stage} ${e.status}`).filter((s, i, all) => s !== all[i - 1]);
    expect(stages).toEqual(["loading training", "fitting training", "search training", "bootstrap training", "done training", "done ready"]);
  });
});

describe("cancelTraining", () => {
  const MODEL = `query($id: ID!) { attributionModel(id: $id) { status error results { channel } } }`;
  const CANCEL = `mutation($id: ID!) { cancelTraining(id: $id) { id status error } }`;

  it("stops a fit in its worker thread: the model ends cancelled with no results, and stays so", async () => {
    const progress = server.app.events.subscribe("TRAINING_PROGRESS")[Symbol.asyncIterator]();
    const t = await gql(server.url, key, `mutation { trainAttributionModel(input: { name: "too slow", type: mmm, from: "2022-01-03", to: "2023-01-02", mmm: { bootstrap: 5000, passes: 1 } }) { id } }`);
    const id = t.data!.trainAttributionModel.id as string;
    // Wait until the fit runs in the pool: its thread reports a stage of its own (past loading and fitting).
    for (;;) {
      const { value } = await progress.next();
      if (value.modelId === id && !["loading", "fitting"].includes(value.stage)) break;
    }
    await progress.return?.();
    const threadsBefore = computeStats().threadIds;
    expect(codes(await gql(server.url, viewer, CANCEL, { id }))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(server.url, otherOrgKey, CANCEL, { id }))).toEqual(["NOT_FOUND"]);
    const c = await gql(server.url, key, CANCEL, { id });
    expect(c.data!.cancelTraining).toEqual({ id, status: "cancelled", error: null });
    // Piscina terminated the thread that ran the fit (an idle one would have stayed).
    expect(threadsBefore.filter((t) => !computeStats().threadIds.includes(t))).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await gql(server.url, key, MODEL, { id })).data!.attributionModel).toEqual({ status: "cancelled", error: null, results: [] });
    expect(codes(await gql(server.url, key, CANCEL, { id }))).toEqual(["CONFLICT"]);
  });

  it("skips a queued model whose job runs after the cancel", async () => {
    const [row] = await server.app.database.db.insert(attributionModels).values({ orgId, name: "queued", type: "mta", config: {} }).returning();
    const c = await gql(server.url, key, CANCEL, { id: row!.id });
    expect(c.data!.cancelTraining).toEqual({ id: row!.id, status: "cancelled", error: null });
    await server.app.jobs.add("train-model", { orgId, modelId: row!.id });
    await new Promise((r) => setTimeout(r, 300));
    expect((await gql(server.url, key, MODEL, { id: row!.id })).data!.attributionModel).toEqual({ status: "cancelled", error: null, results: [] });
  });
});
