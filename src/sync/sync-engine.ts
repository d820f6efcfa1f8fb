import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, eq, inArray, sql } from "drizzle-orm";
import { badInput, conflict, notFound } from "../errors.js";
import type { OrgScope } from "../db/scope.js";
import { syncRuns, type SyncRun } from "../db/tables/index.js";
import { pluginRegistryOf } from "../plugins/registry.js";
import type { App } from "../app.js";
import { resolveConnection } from "./connection-service.js";
import type { RunStatus } from "./progress.js";
import { executeRun, HEARTBEAT_MS } from "./run-sync.js";
import { secretBoxOf } from "./secret-box.js";
import type { SyncDeps } from "./sync-deps.js";
import { isIsoDate } from "./windows.js";
import { isUuid } from "../db/node-lookup.js";

export interface StartSyncInput {
  connectionId: string;
  /** Backfill this inclusive range; omitted: incremental from saved state. */
  range?: { start?: string | null; end?: string | null } | null;
  /** Streams to read; omitted or empty: all. */
  streams?: string[] | null;
  trigger?: "manual" | "schedule" | "cli" | "api" | "resume";
  /**
   * Run it in this process even when a durable queue exists (`liftgate sync` shows the run it
   * started; it must not wait for a worker that may not be running).
   */
  inProcess?: boolean;
}

/** A run whose heartbeat is older than this is taken over by another worker (3 missed heartbeats and some slack). */
export const STALE_AFTER_MS = HEARTBEAT_MS * 6;

// A random part per process: a restarted container often gets the same host name and pid.
const BOOT = randomBytes(4).toString("hex");
/** This process's worker id, "host:pid:boot". */
export const defaultWorkerId = () => `${hostname()}:${process.pid}:${BOOT}`;

/** Whether the worker that owns a run is gone: same host and its pid is not alive (or is this process, restarted), or its heartbeat is stale. */
export function isAbandoned(run: Pick<SyncRun, "workerId" | "heartbeatAt">, now = Date.now(), staleAfterMs = STALE_AFTER_MS): boolean {
  const [host, pid] = (run.workerId ?? "").split(":");
  if (host === hostname() && pid && run.workerId !== defaultWorkerId()) {
    if (Number(pid) === process.pid) return true; // an earlier process that had this pid
    try { process.kill(Number(pid), 0); } catch (e) { if ((e as NodeJS.ErrnoException).code === "ESRCH") return true; }
  }
  return !run.heartbeatAt || now - run.heartbeatAt.getTime() > staleAfterMs;
}

const isUniqueViolation = (e: unknown): boolean => {
  for (let c: any = e; c; c = c.cause) if (c.code === "23505") return true;
  return false;
};

/** Starts, cancels and resumes sync runs of this process; runs execute in the background. */
export function createSyncEngine(deps: SyncDeps) {
  const active = new Map<string, { controller: AbortController; done: Promise<RunStatus> }>();
  const staleAfterMs = (deps.heartbeatMs ?? HEARTBEAT_MS) * 6;
  const durable = Boolean(deps.jobs?.durable);
  // Waiters on runs queued as jobs of this process: woken when one launches.
  const wakers = new Set<() => void>();

  function launch(run: SyncRun): Promise<RunStatus> {
    const controller = new AbortController();
    const done = executeRun(deps, run, controller.signal).finally(() => active.delete(run.id));
    active.set(run.id, { controller, done });
    for (const wake of wakers) wake();
    // Search memory follows the data: every ended run is indexed (a job serialised per org).
    if (deps.jobs) void done.catch(() => undefined).then(() => deps.jobs!.add("index-memory", { orgId: run.orgId, runId: run.id }, { jobKey: `index-memory:${run.id}`, queue: `index-memory:${run.orgId}` }))
      .catch((err: Error) => deps.logger.warn({ err: err.message, runId: run.id }, "could not queue memory indexing after a sync"));
    return done;
  }

  async function waitInDatabase(runId: string): Promise<RunStatus> {
    for (;;) {
      const local = active.get(runId);
      if (local) return local.done;
      const [run] = await deps.database.db.select({ status: syncRuns.status }).from(syncRuns).where(eq(syncRuns.id, runId));
      if (!run) throw notFound("Sync run", runId);
      if (run.status !== "queued" && run.status !== "running") return run.status as RunStatus;
      let wake!: () => void;
      await new Promise<void>((r) => { wake = r; wakers.add(r); setTimeout(r, 250); });
      wakers.delete(wake);
    }
  }

  return {
    deps,
    /** Queue a run for a connection of this org and start it; CONFLICT when one is already active. */
    async start(scope: OrgScope, input: StartSyncInput): Promise<SyncRun> {
      const { row } = await resolveConnection(scope, deps, input.connectionId);
      const start = input.range?.start ?? null, end = input.range?.end ?? null;
      for (const [field, v] of [["range.start", start], ["range.end", end]] as const) {
        if (v !== null && !isIsoDate(v)) throw badInput(`${field} must be a YYYY-MM-DD date.`, { field });
      }
      if (start && end && start > end) throw badInput("range.start must not be after range.end.", { field: "range" });
      // Claimed by this process at once unless a durable queue lets any worker take it.
      const here = !durable || input.inProcess === true;
      let run: SyncRun;
      try {
        [run] = (await scope.db
          .insert(syncRuns)
          .values({ orgId: scope.orgId, connectionId: row.id, status: "queued", trigger: input.trigger ?? "manual", streams: input.streams?.length ? input.streams : null, windowStart: start, windowEnd: end, workerId: here ? deps.workerId : null, heartbeatAt: new Date() })
          .returning()) as [SyncRun];
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const [other] = await scope.db.select({ id: syncRuns.id }).from(syncRuns).where(and(eq(syncRuns.connectionId, row.id), inArray(syncRuns.status, ["queued", "running"])));
        throw conflict(`A sync of this connection is already active (run ${other?.id ?? "unknown"}); cancel it or wait for it to finish.`, { runId: other?.id });
      }
      // A `sync` job runs it (on a durable queue, any worker process; the unique index on active runs keeps one per connection).
      if (!deps.jobs || input.inProcess) void launch(run);
      else await deps.jobs.add("sync", { runId: run.id }, { jobKey: `sync:${run.id}` });
      return run;
    },

    /**
     * Run a queued run here (the `sync` job): claim it unless a live worker holds it, then execute it
     * to its end. Returns the run and its final status, or undefined when there was nothing to do.
     */
    async runQueued(runId: string): Promise<{ run: SyncRun; status: RunStatus } | undefined> {
      const db = deps.database.db;
      const [run] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
      if (!run || (run.status !== "queued" && run.status !== "running") || active.has(run.id)) return undefined;
      if (run.workerId && run.workerId !== deps.workerId && !isAbandoned(run, Date.now(), staleAfterMs)) return undefined;
      const [claimed] = await db
        .update(syncRuns)
        .set({ workerId: deps.workerId, heartbeatAt: new Date() })
        .where(and(eq(syncRuns.id, run.id), inArray(syncRuns.status, ["queued", "running"]), run.workerId ? eq(syncRuns.workerId, run.workerId) : sql`${syncRuns.workerId} is null`))
        .returning();
      if (!claimed) return undefined;
      return { run: claimed, status: await launch(claimed) };
    },

    /** Cancel a queued or running run of this org; resolves once it has stopped (when it runs here). */
    async cancel(scope: OrgScope, runId: string): Promise<SyncRun> {
      const run = await getSyncRun(scope, runId);
      if (run.status !== "queued" && run.status !== "running") throw conflict(`Run ${runId} already ended (${run.status}); nothing to cancel.`);
      const local = active.get(runId);
      if (local) {
        local.controller.abort();
        await local.done;
      } else {
        // Owned by another process (it notices at its next commit or heartbeat) or by nobody.
        await scope.db.update(syncRuns).set({ status: "cancelled", finishedAt: new Date(), error: null }).where(and(eq(syncRuns.id, runId), inArray(syncRuns.status, ["queued", "running"])));
      }
      return getSyncRun(scope, runId);
    },

    /** Find runs left queued/running by a crashed process, claim each atomically and resume it from its last commit. */
    async resumeAbandoned(): Promise<string[]> {
      const db = deps.database.db;
      const candidates = await db.select().from(syncRuns).where(inArray(syncRuns.status, ["queued", "running"]));
      const resumed: string[] = [];
      for (const run of candidates) {
        if (active.has(run.id) || run.workerId === deps.workerId || (durable && !run.workerId) || !isAbandoned(run, Date.now(), staleAfterMs)) continue;
        const [claimed] = await db
          .update(syncRuns)
          .set({ workerId: deps.workerId, heartbeatAt: new Date() })
          .where(and(eq(syncRuns.id, run.id), inArray(syncRuns.status, ["queued", "running"]), run.workerId ? eq(syncRuns.workerId, run.workerId) : sql`${syncRuns.workerId} is null`))
          .returning();
        if (!claimed) continue;
        deps.logger.warn({ runId: run.id, previousWorker: run.workerId }, "resuming a sync run left behind by a stopped process");
        void launch(claimed);
        resumed.push(run.id);
      }
      return resumed;
    },

    /** Resolve when a run ends: of this process, or (with a queue) a queued one or one of any worker, read from the database; undefined when it is not running here and there is no queue. */
    wait: (runId: string): Promise<RunStatus> | undefined => active.get(runId)?.done ?? (deps.jobs ? waitInDatabase(runId) : undefined),

    /** Abort every run of this process and wait for them to stop. */
    async shutdown() {
      for (const a of active.values()) a.controller.abort();
      await Promise.allSettled([...active.values()].map((a) => a.done));
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;

/** One run of this org. */
export async function getSyncRun(scope: OrgScope, runId: string): Promise<SyncRun> {
  if (!isUuid(runId)) throw notFound("Sync run", runId);
  const [run] = await scope.db.select().from(syncRuns).where(and(eq(syncRuns.orgId, scope.orgId), eq(syncRuns.id, runId)));
  if (!run) throw notFound("Sync run", runId);
  return run;
}

const engines = new WeakMap<object, Promise<SyncEngine>>();
/** The sync engine of an App, created once (registry and secret key loaded on first use). */
export function syncEngineOf(app: App): Promise<SyncEngine> {
  let engine = engines.get(app);
  if (!engine) {
    engine = pluginRegistryOf(app).then((registry) =>
      createSyncEngine({ database: app.database, logger: app.logger, events: app.events, registry, box: secretBoxOf(app), workerId: defaultWorkerId(), jobs: app.jobs, heartbeatMs: app.config.heartbeatMs }),
    );
    engines.set(app, engine);
  }
  return engine;
}
