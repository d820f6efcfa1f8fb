import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { orgScope } from "../../src/db/scope.js";
import { loadOrCreateDemoWorld } from "../../src/demo/demo-world.js";
import { createWorld } from "../../src/plugins/sandbox/world.js";

const options = { seed: 3, start: "2025-11-20", end: "2025-11-30", size: { campaigns: 1, adGroupsPerCampaign: 1, adsPerAdGroup: 1 } };
let server: TestServer;
let demoKey: string;
let otherKey: string;

beforeAll(async () => {
  server = await startTestServer();
  const demo = await server.createOrg("Demo");
  const other = await server.createOrg("Other");
  await loadOrCreateDemoWorld(orgScope(server.app.database, demo.orgId), new Date(), options);
  demoKey = await demo.key("viewer");
  otherKey = await other.key("admin");
});
afterAll(() => server.close());

describe("sandboxTruth", () => {
  it("returns the stored world truth to any key of the org", async () => {
    const r = await gql(server.url, demoKey, "{ sandboxTruth }");
    expect(r.errors).toBeUndefined();
    expect(r.data!.sandboxTruth).toEqual(JSON.parse(JSON.stringify(createWorld(options).truth())));
  });
  it("is null for an organization without a sandbox world", async () => {
    expect(await gql(server.url, otherKey, "{ sandboxTruth }")).toEqual({ status: 200, data: { sandboxTruth: null } });
  });
});
