import { randomBytes } from "node:crypto";
import { pino } from "pino";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createEventBus, type EventBus } from "../../src/events.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import type { ConnectorPlugin } from "../../src/plugins/types.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import type { SyncDeps } from "../../src/sync/sync-deps.js";
import type { SyncProgressEvent } from "../../src/sync/progress.js";

/** Today for every test run: inside the emulator's data year. */
export const TODAY = "2024-03-31";

/** A sync engine on a test database with a pinned clock, json-http plus any extra plugins, and an event log of every progress step. */
export function syncFixture(database: Database, extra: ConnectorPlugin<any>[] = [], over: Partial<SyncDeps> = {}) {
  const events: EventBus = createEventBus();
  const seen: SyncProgressEvent[] = [];
  void (async () => { for await (const e of events.subscribe("SYNC_PROGRESS")) seen.push(e as unknown as SyncProgressEvent); })();
  const deps: SyncDeps = {
    database, events, logger: pino({ level: "silent" }), registry: createPluginRegistry([jsonHttpPlugin, ...extra]),
    box: createSecretBox(randomBytes(32)), workerId: `test:${process.pid}`, now: () => new Date(`${TODAY}T12:00:00Z`),
    // Every step of a run in the event log (test/unit/sync/progress.test.ts covers the throttled default).
    progressIntervalMs: 0, ...over,
  };
  return { deps, engine: createSyncEngine(deps), events, seen };
}

let n = 0;
/** A new organization and its scope. */
export async function newOrg(database: Database, name = "Acme"): Promise<OrgScope> {
  const [org] = await database.db.insert(organizations).values({ name, slug: `${name.toLowerCase()}-${process.pid}-${++n}-${randomBytes(3).toString("hex")}` }).returning();
  return orgScope(database, org!.id);
}

/** Let queued event deliveries run. */
export const settle = () => new Promise((r) => setTimeout(r, 20));
