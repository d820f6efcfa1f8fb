import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { App } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { loadConfig } from "../../src/config.js";
import { createEventBus } from "../../src/events.js";
import { createLogger } from "../../src/logger.js";
import { memoryItems } from "../../src/db/tables/index.js";
import { startMemoryIndexer, type MemoryIndexer } from "../../src/analytics/search/memory-indexer.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedSearchCorpus } from "./search-seed.js";

let database: Database;
let app: App;
let indexer: MemoryIndexer;
let seeded: Awaited<ReturnType<typeof seedSearchCorpus>>;

const refKeys = async (orgId: string) =>
  (await database.db.select({ k: memoryItems.refKey }).from(memoryItems).where(eq(memoryItems.orgId, orgId))).map((r) => r.k.split(":")[0]).sort();

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fn();
}

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedSearchCorpus(database);
  app = { config: loadConfig({ NODE_ENV: "test" }), database, logger: createLogger("silent"), events: createEventBus() };
  indexer = startMemoryIndexer(app);
});
afterAll(async () => { await indexer.stop(); await database.close(); });

describe("startMemoryIndexer", () => {
  it("indexes the org's entities, the run's window and the run when a sync finishes", async () => {
    app.events.publish("SYNC_PROGRESS", { orgId: seeded.orgA, runId: seeded.runId, connectionId: "c", phase: "reading", status: "running" });
    app.events.publish("SYNC_PROGRESS", { orgId: seeded.orgA, runId: seeded.runId, connectionId: "c", phase: "finished", status: "failed" });
    const keys = await until(() => refKeys(seeded.orgA), (k) => k.length >= 10);
    expect(keys).toEqual([...Array(3).fill("campaign_day"), ...Array(6).fill("entity"), "sync_run"]);
    expect(await refKeys(seeded.orgB)).toEqual([]);
  });
});
