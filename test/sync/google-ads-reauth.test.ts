import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import type { OrgScope } from "../../src/db/scope.js";
import { connections } from "../../src/db/tables/index.js";
import { googleAdsPlugin } from "../../src/plugins/google-ads/google-ads.plugin.js";
import { BARE_UNAUTHENTICATED, startGoogleSandbox, type GoogleSandbox } from "../../src/plugins/google-ads/google-emulator.js";
import { createWorld } from "../../src/plugins/sandbox/index.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// One customer × 3 campaigns × 1 ad group × 1 ad over a week: the point is the requests, not the volume.
const START = "2025-11-23", END = "2025-11-29";
let database: Database;
let sandbox: GoogleSandbox;
let fx: ReturnType<typeof syncFixture>;
let scope: OrgScope;
let connectionId: string;

async function sync() {
  const started = await fx.engine.start(scope, { connectionId, range: { start: START, end: END } });
  await fx.engine.wait(started.id);
  return getSyncRun(scope, started.id);
}
const status = async () => (await database.db.select({ s: connections.status }).from(connections).where(eq(connections.id, connectionId)))[0]!.s;

beforeAll(async () => {
  database = await createTestDatabase();
  const world = createWorld({ start: START, end: END, sizes: { google_ads: { campaigns: 3, adGroupsPerCampaign: 1, adsPerAdGroup: 1 } } });
  sandbox = await startGoogleSandbox({ world });
  fx = syncFixture(database, [googleAdsPlugin], { now: () => new Date(`${END}T12:00:00Z`), maxWaitMs: 10_000 });
  scope = await newOrg(database);
  connectionId = (await createConnection(scope, fx.deps, { pluginId: "google-ads", name: "Google", config: { ...sandbox.config, startDate: START } })).id;
});
afterAll(async () => { await sandbox?.close(); await database?.close(); });

describe("Google Ads access tokens", () => {
  it("a run fetches one access token for all five streams", async () => {
    const [tokens, requests] = [sandbox.tokenCalls.length, sandbox.requests.length];
    const run = await sync();
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    expect(sandbox.tokenCalls.length - tokens).toBe(1);
    // customers, campaigns, ad_groups, ad_group_daily, campaign_daily: one searchStream each
    expect(sandbox.requests.slice(requests).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("refreshes once on a bare 401 UNAUTHENTICATED and carries on, leaving the connection active", async () => {
    const tokens = sandbox.tokenCalls.length;
    sandbox.fail({ status: 401, body: BARE_UNAUTHENTICATED, times: 1 });
    const run = await sync();
    expect([run.status, run.error]).toEqual(["succeeded", null]);
    expect(sandbox.tokenCalls.length - tokens).toBe(2);
    expect(await status()).toBe("active");
  });

  it("asks for re-authorization when the refreshed token is refused too, after exactly one refresh", async () => {
    const tokens = sandbox.tokenCalls.length;
    sandbox.fail({ status: 401, body: BARE_UNAUTHENTICATED, times: 2 });
    const run = await sync();
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^Google Ads UNAUTHENTICATED on .*Request had invalid authentication credentials/);
    expect(sandbox.tokenCalls.length - tokens).toBe(2);
    expect(await status()).toBe("needs_reauth");
  });
});
