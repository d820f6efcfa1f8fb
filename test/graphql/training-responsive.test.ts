import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { upsertFacts } from "../../src/db/facts.js";
import { generateWorld } from "../unit/attribution/mmm-world.js";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Busy Trainer");
  key = await org.key("admin");
  const world = generateWorld(365, 5);
  const db = server.app.database.db;
  await upsertFacts(db, org.orgId, "ads", world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: c.name, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2) }))));
  await upsertFacts(db, org.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
});
afterAll(() => server.close());

describe("requests during model training", () => {
  it("serves trivial queries while an MMM fits (the fit runs in a worker thread)", async () => {
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
  });
});
