import { and, eq, notInArray } from "drizzle-orm";
import type { App } from "../../app.js";
import { orgScope } from "../../db/scope.js";
import { syncRuns } from "../../db/tables/index.js";
import { indexOrgMemory } from "./index-memory.js";
import { memoryFor } from "./memory.js";

/** Re-index an org's memory after sync run `runId` ended: entities, the run's window of campaign days, the run itself. */
export async function indexAfterSync(app: App, orgId: string, runId: string): Promise<void> {
  const scope = orgScope(app.database, orgId);
  let run: { windowStart: string | null; windowEnd: string | null } | undefined;
  for (let i = 0; i < FINAL_STATUS_POLLS && !run; i++) {
    [run] = await scope.db.select({ windowStart: syncRuns.windowStart, windowEnd: syncRuns.windowEnd }).from(syncRuns)
      .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, runId), notInArray(syncRuns.status, ["queued", "running"])));
    if (!run) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (!run) return;
  const dateRange = run.windowStart && run.windowEnd ? { from: run.windowStart, to: run.windowEnd } : undefined;
  const counts = await indexOrgMemory(scope, { memory: memoryFor(app), dateRange, syncRunIds: [runId] });
  app.logger.debug({ orgId, runId, ...counts }, "memory indexed after sync");
}

/** A running memory indexer; `stop` ends the subscription and waits for work in flight. */
export interface MemoryIndexer {
  /** Stop listening and wait for indexing in flight. */
  stop(): Promise<void>;
  /** Resolves when every run seen so far is indexed (tests, shutdown). */
  idle(): Promise<void>;
}

// The engine publishes "finished" just before it writes the final status; wait for that row briefly.
const FINAL_STATUS_POLLS = 25;
const POLL_MS = 200;

/**
 * Index memory as data lands: after every finished sync run, re-index the org's entities, the
 * campaign days of the run's window and the run itself (incrementally: unchanged items are not
 * re-embedded). Work is serialized per org; failures are logged, never thrown.
 * Start once per process (src/index.ts): `startMemoryIndexer(app)`.
 */
export function startMemoryIndexer(app: App): MemoryIndexer {
  // A remote index that cannot take the embedding model's vectors is reported at start, not at the first sync.
  const memory = memoryFor(app);
  void memory.store.verify?.(memory.embedder.model, memory.embedder.dimensions).catch((err: Error) =>
    app.logger.error({ err: err.message }, "search memory: the vector index is not usable; indexing fails until this is fixed"));
  const stream = app.events.subscribe("SYNC_PROGRESS");
  const chains = new Map<string, Promise<void>>();
  const enqueue = (orgId: string, job: () => Promise<void>) => {
    const next = (chains.get(orgId) ?? Promise.resolve()).then(job).catch((err) =>
      app.logger.warn({ orgId, err: (err as Error).message }, "memory indexing after a sync failed"));
    chains.set(orgId, next);
  };
  const loop = (async () => {
    for await (const ev of stream) {
      if (ev.phase !== "finished") continue;
      const { orgId, runId } = ev;
      enqueue(orgId, () => indexAfterSync(app, orgId, runId));
    }
  })();
  return {
    async stop() {
      await stream.return?.();
      await loop;
      await Promise.all(chains.values());
    },
    idle: async () => { await Promise.all(chains.values()); },
  };
}
