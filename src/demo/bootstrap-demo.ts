import { createHmac } from "node:crypto";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { App } from "../app.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { apiKeys, connections, organizations, syncRuns } from "../db/tables/index.js";
import { createOrganization } from "../orgs/organizations.js";
import { hashKey } from "../orgs/api-keys.js";
import { pluginRegistryOf, type PluginRegistry } from "../plugins/registry.js";
import type { ConnectorPlugin, Sandbox } from "../plugins/types.js";
import { PLATFORMS, type World, type WorldOptions } from "../plugins/sandbox/world.js";
import { createConnection, updateConnection, type ConnectionDeps } from "../sync/connection-service.js";
import { loadEncryptionKey, secretBoxOf } from "../sync/secret-box.js";
import { getSyncRun, syncEngineOf, type SyncEngine } from "../sync/sync-engine.js";
import { loadOrCreateDemoWorld } from "./demo-world.js";
import { seedDemoExperiments, trainDemoModel } from "./demo-experiments.js";

export const DEMO_SLUG = "sandbox";

/**
 * Sandbox options the demo uses so its first sync takes seconds: Klaviyo's real report quota
 * (1/s, 2/min, 225/day, https://developers.klaviyo.com/en/reference/query_campaign_values) would make it take an hour.
 */
export const DEMO_SANDBOX_OPTIONS: Readonly<Record<string, Record<string, unknown>>> = {
  klaviyo: { reportLimits: { perSecond: 50, perMinute: 3000, perDay: 100_000 } },
};
const DEMO_KEY_NAME = "demo";

export interface DemoOptions {
  /** World options used on the first start only (default: 91 days ending yesterday, default seed). */
  worldOptions?: WorldOptions;
  /** Plugins to connect (default: every registered plugin with a sandbox for a world platform: meta, google_ads, tiktok, klaviyo). */
  pluginIds?: string[];
  /** Extra options per plugin id for its sandbox factory (merged over DEMO_SANDBOX_OPTIONS; `world` is always the demo's). */
  sandboxOptions?: Record<string, Record<string, unknown>>;
  /** Registry and engine overrides (tests); default the App's. */
  registry?: PluginRegistry;
  engine?: SyncEngine;
  /** The clock for the first start's date range. */
  now?: () => Date;
}

/** One sandbox connection of the demo org. */
export interface DemoConnection {
  pluginId: string;
  connectionId: string;
  /** Emulator base URL for this process. */
  url: string;
  /** Run started by this bootstrap, or null when the connection was already synced or is syncing. */
  runId: string | null;
}

/** The running demo: org, key, world, connections and emulators. */
export interface Demo {
  orgId: string;
  /** Whether this start created the org. */
  firstStart: boolean;
  /** The demo's admin key: the same at every start (derived from the encryption key; only its hash is stored). */
  apiKey: string;
  world: World;
  connections: DemoConnection[];
  /** Emulators that failed to start or connect, with the reason (the demo carries on without them). */
  skipped: { pluginId: string; reason: string }[];
  /** Lines for the caller to print. */
  lines: string[];
  /** Resolve when the runs this bootstrap started have ended: connection id → final status. */
  waitForSyncs(): Promise<Record<string, string>>;
  /** The world's geo holdouts, recorded and analysed as experiments (none for a world shorter than 300 days). */
  experimentIds: string[];
  /**
   * Resolve with the id of the demo MMM (calibrated by the experiments), trained in the background once
   * every sync has succeeded; null when the world has no geo tests, a sync failed, or training failed.
   */
  waitForModel(): Promise<string | null>;
  /** Stop model training and the emulators (call after the sync engine has stopped). */
  close(): Promise<void>;
}

async function findOrCreateOrg(app: App): Promise<{ scope: OrgScope; firstStart: boolean }> {
  const [org] = await app.database.db.select().from(organizations).where(eq(organizations.slug, DEMO_SLUG));
  if (org) return { scope: orgScope(app.database, org.id), firstStart: false };
  const created = await createOrganization(app.database, { name: "Sandbox", slug: DEMO_SLUG, reportingCurrency: "USD", timezone: "America/New_York", country: "US" });
  return { scope: orgScope(app.database, created.id), firstStart: true };
}

/**
 * The demo's admin key, the same at every start so a BI source set up on the demo keeps working.
 * It is derived from the data directory's encryption key (HMAC), so only its hash is stored, like
 * every key; revoking it makes the next start derive the next one in the sequence.
 */
async function stableDemoKey(app: App, scope: OrgScope): Promise<string> {
  const master = loadEncryptionKey(app.config);
  const known = new Map((await scope.db.select({ id: apiKeys.id, hash: apiKeys.secretHash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys).where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.name, DEMO_KEY_NAME)))).map((k) => [k.hash, k]));
  for (let n = 0; ; n++) {
    const { key, prefix } = demoKey(master, scope.orgId, n);
    const row = known.get(hashKey(key));
    if (row?.revokedAt) continue;
    if (row) return key;
    // Demo keys of older versions were random and issued at every start: retire them.
    await scope.db.update(apiKeys).set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.name, DEMO_KEY_NAME), isNull(apiKeys.revokedAt)));
    await scope.db.insert(apiKeys).values({ orgId: scope.orgId, name: DEMO_KEY_NAME, role: "admin", prefix, secretHash: hashKey(key) });
    return key;
  }
}

/** The n-th demo key of an org: `lg_<8 hex>_<32 base64url>`, the format of every key. */
export function demoKey(master: Buffer, orgId: string, n: number): { key: string; prefix: string } {
  const mac = createHmac("sha256", master).update(`liftgate demo key\0${orgId}\0${n}`).digest();
  const prefix = `lg_${mac.subarray(0, 4).toString("hex")}`;
  return { key: `${prefix}_${mac.subarray(8, 32).toString("base64url")}`, prefix };
}

/** Point the org's connection for this plugin at the emulator (create it on first start); true when created. */
async function upsertConnection(scope: OrgScope, deps: ConnectionDeps, plugin: ConnectorPlugin<any>, sandbox: Sandbox): Promise<{ id: string; created: boolean }> {
  const [existing] = await scope.db.select({ id: connections.id }).from(connections)
    .where(and(eq(connections.orgId, scope.orgId), eq(connections.pluginId, plugin.id)));
  if (existing) {
    await updateConnection(scope, deps, existing.id, { config: sandbox.config });
    return { id: existing.id, created: false };
  }
  const view = await createConnection(scope, deps, { pluginId: plugin.id, name: `Sandbox ${plugin.name}`, config: sandbox.config });
  return { id: view.id, created: true };
}

/** Whether a connection still needs its first full sync: no successful run and none active. */
async function needsSync(scope: OrgScope, connectionId: string): Promise<boolean> {
  const runs = await scope.db.select({ status: syncRuns.status }).from(syncRuns)
    .where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.connectionId, connectionId), inArray(syncRuns.status, ["succeeded", "queued", "running"])));
  return runs.length === 0;
}

/**
 * The sandbox organization of `npm start`. First start: create the org "Sandbox", its world (truth,
 * true orders and FX rates stored), a connection per plugin sandbox, and a full sync of each.
 * Every start: restart the emulators on the same world, repoint the connections at them, resume
 * runs left behind, sync what never finished, and print the same admin key.
 */
export async function bootstrapDemo(app: App, options: DemoOptions = {}): Promise<Demo> {
  const now = options.now ?? (() => new Date());
  const registry = options.registry ?? (await pluginRegistryOf(app));
  const engine = options.engine ?? (await syncEngineOf(app));
  const deps: ConnectionDeps = { registry, box: secretBoxOf(app), logger: app.logger };
  const { scope, firstStart } = await findOrCreateOrg(app);
  // Default: plugins whose emulator serves a platform of the shared world (generic sources have their own data).
  const plugins = registry.list().filter((p) => p.sandbox && (options.pluginIds ? options.pluginIds.includes(p.id) : (PLATFORMS as readonly string[]).includes(p.platform)));
  // Klaviyo's sandbox reports the store's orders (Placed Order aggregates); without it the demo writes them itself, never both.
  const outcomes = !plugins.some((p) => p.platform === "klaviyo");
  const { world, truth } = await loadOrCreateDemoWorld(scope, now(), options.worldOptions, { outcomes });

  const sandboxes: Sandbox[] = [];
  const skipped: Demo["skipped"] = [];
  const linked: { plugin: ConnectorPlugin<any>; id: string; url: string }[] = [];
  for (const plugin of plugins) {
    try {
      const sandbox = await plugin.sandbox!({ ...DEMO_SANDBOX_OPTIONS[plugin.id], ...options.sandboxOptions?.[plugin.id], world });
      sandboxes.push(sandbox);
      const { id } = await upsertConnection(scope, deps, plugin, sandbox);
      linked.push({ plugin, id, url: sandbox.url });
    } catch (e) {
      app.logger.warn({ pluginId: plugin.id, err: (e as Error).message }, "demo: sandbox skipped");
      skipped.push({ pluginId: plugin.id, reason: (e as Error).message });
    }
  }
  await engine.resumeAbandoned();

  const demoConnections: DemoConnection[] = [];
  const runs = new Map<string, Promise<string>>();
  for (const l of linked) {
    let runId: string | null = null;
    if (await needsSync(scope, l.id)) {
      const run = await engine.start(scope, { connectionId: l.id, range: { start: world.start, end: world.end }, trigger: "manual" });
      runId = run.id;
      runs.set(l.id, Promise.resolve(engine.wait(run.id) ?? getSyncRun(scope, run.id).then((r) => r.status)).catch((e: Error) => `failed: ${e.message}`));
    }
    demoConnections.push({ pluginId: l.plugin.id, connectionId: l.id, url: l.url, runId });
  }
  // The world's geo holdouts become experiments now (they read the store's revenue by state, written
  // with the world); the MMM they calibrate waits for the platforms' spend.
  // Worlds stored before geo tests existed have none.
  const experiments = await seedDemoExperiments(scope, world, truth.geoTests ?? [], app);
  const training = new AbortController();
  const model: Promise<string | null> = experiments.length === 0 ? Promise.resolve(null) : (async () => {
    const statuses = await Promise.all(runs.values());
    if (statuses.some((s) => s !== "succeeded")) {
      app.logger.warn({ statuses }, "demo: a sync did not succeed; the demo model is not trained");
      return null;
    }
    return trainDemoModel(scope, app.events, world, experiments, { signal: training.signal, logger: app.logger, app });
  })().catch((e: Error) => {
    app.logger.warn({ err: e.message }, "demo: model training failed");
    return null;
  });
  const apiKey = await stableDemoKey(app, scope);
  const started = demoConnections.filter((c) => c.runId);
  const host = app.config.host === "0.0.0.0" ? "127.0.0.1" : app.config.host;
  const lines = [
    `sandbox organization: ${DEMO_SLUG} (${scope.orgId}), world ${world.start} … ${world.end}, seed ${world.seed}`,
    `admin key (the same at every start): ${apiKey}`,
    `sandbox connections: ${demoConnections.map((c) => c.pluginId).join(", ") || "none (no plugin ships a sandbox yet)"}` +
      (started.length ? ` — syncing ${started.length} in the background` : ""),
    ...skipped.map((s) => `sandbox skipped: ${s.pluginId}: ${s.reason}`),
    ...(experiments.length ? [`experiments: ${experiments.length} geo holdouts analysed; an MMM calibrated by them trains when the syncs end (attributionModels)`] : []),
    `try: curl -s ${host}:${app.config.port}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${apiKey}' -d '{"query":"{ facts(first: 3) { edges { node { date platform spend } } } }"}'`,
  ];
  return {
    orgId: scope.orgId, firstStart, apiKey, world, connections: demoConnections, skipped, lines,
    async waitForSyncs() {
      const out: Record<string, string> = {};
      for (const [connectionId, done] of runs) out[connectionId] = await done;
      return out;
    },
    experimentIds: experiments.map((e) => e.id),
    waitForModel: () => model,
    async close() {
      training.abort();
      await model;
      await Promise.allSettled(sandboxes.map((s) => s.close()));
    },
  };
}
