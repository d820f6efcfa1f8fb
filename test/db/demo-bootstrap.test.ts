import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { connections, fxRates, syncRuns } from "../../src/db/tables/index.js";
import { bootstrapDemo, type Demo } from "../../src/demo/bootstrap-demo.js";
import { getSandboxWorld } from "../../src/demo/demo-world.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { createLogger } from "../../src/logger.js";
import { revokeApiKey, verifyApiKey } from "../../src/orgs/api-keys.js";
import { klaviyoPlugin } from "../../src/plugins/klaviyo/klaviyo.plugin.js";
import { metaAdsPlugin } from "../../src/plugins/meta-ads/meta-ads.plugin.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import type { ConnectorPlugin } from "../../src/plugins/types.js";
import { createWorld } from "../../src/plugins/sandbox/world.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { secretBoxOf } from "../../src/sync/secret-box.js";
import { createTestDatabase } from "../helpers/db.js";

const worldOptions = { seed: 11, start: "2025-11-01", end: "2025-11-14", size: { campaigns: 2, adGroupsPerCampaign: 1, adsPerAdGroup: 2 } };
let database: Database;
let dataDir: string;
let first: Demo;
let second: Demo | undefined;

/** A fresh App over the same database, as a restarted process would build it. */
function makeApp(plugins: ConnectorPlugin<any>[] = [metaAdsPlugin]): { app: App; engine: ReturnType<typeof createSyncEngine>; registry: ReturnType<typeof createPluginRegistry> } {
  const config = loadConfig({ LIFTGATE_DATA_DIR: dataDir, LOG_LEVEL: "silent", PORT: "4999" });
  const app: App = { config, database, logger: createLogger("silent"), events: createEventBus(), jobs: createLocalJobQueue(() => {}) };
  const registry = createPluginRegistry(plugins);
  const engine = createSyncEngine({ database, logger: app.logger, events: app.events, registry, box: secretBoxOf(app), workerId: "test:1" });
  return { app, engine, registry };
}

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "liftgate-demo-"));
  const { app, engine, registry } = makeApp();
  first = await bootstrapDemo(app, { worldOptions, engine, registry });
  await first.waitForSyncs();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("bootstrapDemo on first start", () => {
  it("creates the Sandbox org with one connection per world-platform sandbox and syncs it to success", async () => {
    expect(first.firstStart).toBe(true);
    expect(first.connections.map((c) => c.pluginId)).toEqual(["meta-ads"]);
    expect(await first.waitForSyncs()).toEqual({ [first.connections[0]!.connectionId]: "succeeded" });
  });

  it("lands exactly the world's Meta spend per account currency", async () => {
    const world = createWorld(worldOptions);
    const expected = new Map<string, number>();
    for (const d of world.dates) for (const r of world.platform("meta").day(d)) expected.set(r.currency, (expected.get(r.currency) ?? 0) + r.spendCents);
    const rows = await queryRows<{ currency: string; spend: string }>(database.db,
      sql`select currency, sum(spend)::numeric(20,2)::text as spend from marketing_facts where org_id = ${first.orgId} and platform = 'meta' and level = 'ad' and breakdown_set = '' group by currency order by currency`);
    expect(rows).toEqual([...expected].sort().map(([currency, cents]) => ({ currency, spend: (cents / 100).toFixed(2) })));
  });

  it("stores the world's truth, the store's true daily orders (national and by state) and the FX rates it used", async () => {
    const truth = createWorld(worldOptions).truth();
    const stored = await getSandboxWorld(orgScope(database, first.orgId));
    expect(stored).toEqual({ options: worldOptions, truth: JSON.parse(JSON.stringify(truth)) });
    const [outcome] = await queryRows<{ days: number; revenue: string; orders: string }>(database.db,
      sql`select count(*)::int as days, sum(revenue)::numeric(20,2)::text as revenue, sum(conversions)::int::text as orders from marketing_facts where org_id = ${first.orgId} and kind = 'outcome' and breakdown_set = ''`);
    expect(outcome).toEqual({ days: 14, revenue: truth.totals.revenue.toFixed(2), orders: String(truth.totals.orders) });
    const [byState] = await queryRows<{ rows: number; states: number; revenue: string }>(database.db,
      sql`select count(*)::int as rows, count(distinct breakdowns->>'region')::int as states, sum(revenue)::numeric(20,2)::text as revenue
          from marketing_facts where org_id = ${first.orgId} and kind = 'outcome' and breakdown_set = 'region' and stream = 'sandbox_orders_by_region'`);
    expect(byState).toMatchObject({ rows: 14 * 15, states: 15 });
    expect(Math.abs(Number(byState!.revenue) - truth.totals.revenue)).toBeLessThanOrEqual(14 * 15 * 0.01);
    const fx = await database.db.select().from(fxRates).where(and(eq(fxRates.base, "EUR"), eq(fxRates.source, "sandbox")));
    expect(fx.map((r) => Number(r.rate))).toEqual(Array(14).fill(1.08));
  });

  it("issues an admin key that authenticates", async () => {
    expect((await verifyApiKey(database.db, first.apiKey))?.role).toBe("admin");
    expect(first.lines[1]).toBe(`admin key (the same at every start): ${first.apiKey}`);
  });
});

describe("bootstrapDemo on restart", () => {
  it("keeps the org and connection, repoints it at the new emulator, syncs nothing again and prints the same key", async () => {
    await first.close();
    const { app, engine, registry } = makeApp();
    second = await bootstrapDemo(app, { worldOptions: { seed: 99 }, engine, registry });
    expect([second.firstStart, second.orgId]).toEqual([false, first.orgId]);
    expect(second.connections).toEqual([{ pluginId: "meta-ads", connectionId: first.connections[0]!.connectionId, url: second.connections[0]!.url, runId: null }]);
    expect(second.world.seed).toBe(11); // the stored options win over new ones
    const [conn] = await database.db.select().from(connections).where(eq(connections.id, second.connections[0]!.connectionId));
    expect(conn!.config.baseUrl).toBe(second.connections[0]!.url);
    expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(syncRuns)).toEqual([{ n: 1 }]);
    expect(second.apiKey).toBe(first.apiKey);
    expect((await verifyApiKey(database.db, second.apiKey))?.orgId).toBe(first.orgId);
  });

  it("stores the key hashed only, and derives a new one at the next start once an admin revoked it", async () => {
    const stored = await queryRows<{ text: string }>(database.db, sql`select row_to_json(k)::text as text from api_keys k where org_id = ${first.orgId}`);
    expect(stored.map((r) => r.text.includes(first.apiKey) || r.text.includes(first.apiKey.split("_")[2]!))).toEqual([false]);
    await revokeApiKey(orgScope(database, first.orgId), (await verifyApiKey(database.db, first.apiKey))!.keyId);
    await second!.close();
    const { app, engine, registry } = makeApp();
    second = await bootstrapDemo(app, { worldOptions, engine, registry });
    expect(second.apiKey).not.toBe(first.apiKey);
    expect(second.apiKey).toMatch(/^lg_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    expect([await verifyApiKey(database.db, first.apiKey), (await verifyApiKey(database.db, second.apiKey))?.role]).toEqual([null, "admin"]);
  });
});

describe("bootstrapDemo with Klaviyo", () => {
  it("leaves the store's orders to Klaviyo's sandbox instead of writing them twice", async () => {
    const saved = database;
    database = await createTestDatabase();
    try {
      const { app, engine, registry } = makeApp([klaviyoPlugin]);
      const demo = await bootstrapDemo(app, { worldOptions, engine, registry });
      try {
        expect(Object.values(await demo.waitForSyncs())).toEqual(["succeeded"]);
        const rows = await queryRows<{ platform: string; breakdown_set: string }>(database.db,
          sql`select distinct platform, breakdown_set from marketing_facts where org_id = ${demo.orgId} and kind = 'outcome' order by 1`);
        // National orders come from Klaviyo alone; revenue by state (no connector reports it) from the store's export.
        expect(rows).toEqual([{ platform: "klaviyo", breakdown_set: "" }, { platform: "shop", breakdown_set: "region" }]);
      } finally {
        await demo.close();
      }
    } finally {
      await database.close();
      database = saved;
    }
  });
});
