import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { App } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { loadConfig } from "../../src/config.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { createLogger } from "../../src/logger.js";
import { memoryItems } from "../../src/db/tables/index.js";
import { startJobWorker, type JobWorker } from "../../src/jobs/worker.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedSearchCorpus } from "./search-seed.js";

let database: Database;
let app: App;
let worker: JobWorker;
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
  app = { config: loadConfig({ NODE_ENV: "test", LIFTGATE_SCHEDULER: "false" }), database, logger: createLogger("silent"), events: createEventBus(), jobs: createLocalJobQueue(() => {}) };
  worker = await startJobWorker(app);
});
afterAll(async () => { await worker.stop(); await database.close(); });

describe("the index-memory job", () => {
  it("indexes the org's entities, the run's window and the run of an ended sync, in that org only", async () => {
    await app.jobs.add("index-memory", { orgId: seeded.orgA, runId: seeded.runId }, { queue: `index-memory:${seeded.orgA}` });
    const keys = await until(() => refKeys(seeded.orgA), (k) => k.length >= 10);
    expect(keys).toEqual([...Array(3).fill("campaign_day"), ...Array(6).fill("entity"), "sync_run"]);
    expect(await refKeys(seeded.orgB)).toEqual([]);
  });
});
