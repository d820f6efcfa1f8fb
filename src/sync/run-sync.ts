import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { attachQualityReport } from "../analytics/quality/sync-run-report.js";
import { AppError, badInput } from "../errors.js";
import { refreshFactStatistics } from "../db/facts.js";
import { orgScope } from "../db/scope.js";
import { connections, syncRuns, type SyncRun } from "../db/tables/index.js";
import { AuthFailed, errorCodeOf, isPluginError, type PluginErrorKind } from "../plugins/errors.js";
import type { StreamInfo } from "../plugins/types.js";
import { resolveConnection } from "./connection-service.js";
import { pluginContext } from "./plugin-context.js";
import { redact } from "../redact.js";
import { createProgress, createRejectTracker, type RunStatus } from "./progress.js";
import { readWindow } from "./read-window.js";
import { createLoadLane, settleLane, stopLane } from "./load-lane.js";
import { readStates } from "./state-store.js";
import type { SyncDeps } from "./sync-deps.js";
import { planRange, splitWindows, addDays, type DateWindow } from "./windows.js";

const DEFAULT_MAX_WAIT_MS = 15 * 60_000;
/** How often a running run proves it is alive (and notices a cancel made by another process). */
export const HEARTBEAT_MS = 5_000;

interface Planned { stream: StreamInfo; windows: DateWindow[]; advanceCursor: boolean }

/** Which streams to read: all discovered, or the requested ones (unknown names are a BAD_USER_INPUT naming the valid ones). */
export function pickStreams(discovered: StreamInfo[], requested: string[] | null | undefined): StreamInfo[] {
  if (!requested?.length) return discovered;
  const unknown = requested.filter((r) => !discovered.some((d) => d.name === r));
  if (unknown.length) throw badInput(`Unknown stream ${unknown.join(", ")}; this connection offers ${discovered.map((d) => d.name).join(", ")}.`, { field: "streams" });
  return discovered.filter((d) => requested.includes(d.name));
}

/** Execute a claimed run to its end: plan windows per stream, read and load them, record the final status. Never throws. */
export async function executeRun(deps: SyncDeps, run: SyncRun, signal: AbortSignal): Promise<RunStatus> {
  const ids = { orgId: run.orgId, runId: run.id, connectionId: run.connectionId };
  const progress = createProgress(ids, deps.events, Date.now(), deps.progressIntervalMs);
  const rejects = createRejectTracker();
  const logger = deps.logger.child({ runId: run.id, connectionId: run.connectionId, orgId: run.orgId });
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const today = now().toISOString().slice(0, 10);
  const committed: Record<string, string> = { ...((run.progress?.committed as Record<string, string> | undefined) ?? {}) };
  const mine = and(eq(syncRuns.id, run.id), eq(syncRuns.workerId, deps.workerId));
  // `committed` holds only windows whose transaction has committed; a chunk's own claim (`pending`) is written inside it.
  const saveCounters = async (tx: { db: typeof db }, pending?: Record<string, string>) => {
    const s = progress.state;
    const [still] = await tx.db
      .update(syncRuns)
      .set({ recordsRead: s.recordsRead, recordsWritten: s.recordsWritten, recordsRejected: s.recordsRejected, rejects: rejects.summary(), progress: { ...progress.last(), committed: { ...committed, ...pending } }, heartbeatAt: new Date() })
      .where(mine)
      .returning({ status: syncRuns.status });
    // Cancelled by another process, or claimed by another worker that thought this one dead: stop.
    if (!still || still.status === "cancelled") throw Object.assign(new Error("The sync was cancelled."), { name: "AbortError" });
  };
  const lane = createLoadLane();
  const controller = new AbortController();
  const runSignal = AbortSignal.any([signal, controller.signal]);
  const heartbeat = setInterval(() => {
    saveCounters({ db }).catch((e) => { if ((e as Error).name === "AbortError") controller.abort(); });
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  progress.emit({ phase: "queued", status: "queued" });
  try {
    await db.update(syncRuns).set({ status: "running", startedAt: run.startedAt ?? new Date(), heartbeatAt: new Date() }).where(mine);
    progress.emit({ phase: "planning", status: "running" });
    const scope = orgScope(deps.database, run.orgId);
    const { row, plugin, config } = await resolveConnection(scope, deps, run.connectionId);
    const ctx = pluginContext(logger, runSignal, {
      now,
      maxWaitMs: deps.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      onRateLimit: (w) => { progress.warn(`rate limited: ${w.reason}; waiting ${Math.round(w.waitMs / 1000)}s`); progress.emit({ rateLimit: w }); },
    });
    const streams = pickStreams(await plugin.discover(config, ctx), run.streams);
    const states = await readStates(db, run.orgId, run.connectionId);
    const lookbackDays = typeof config.lookbackDays === "number" ? config.lookbackDays : plugin.capabilities.defaultLookbackDays;
    const range = run.windowStart || run.windowEnd ? { start: run.windowStart ?? undefined, end: run.windowEnd ?? undefined } : undefined;
    const plans: Planned[] = streams.map((stream) => {
      const daily = stream.kind === "facts";
      let planned = planRange({ today, cursor: states[stream.name]?.cursor, lookbackDays, range, startDate: typeof config.startDate === "string" ? config.startDate : undefined });
      // A resumed run continues after the last window it committed.
      if (committed[stream.name] && committed[stream.name]! >= planned.start) planned = { ...planned, start: addDays(committed[stream.name]!, 1) };
      return { stream, windows: daily ? splitWindows(planned, plugin.capabilities.maxWindowDays) : planned.start <= planned.end ? [planned] : [], advanceCursor: daily };
    });
    const windowCount = plans.reduce((n, p) => n + p.windows.length, 0);
    let windowIndex = 0;
    const writtenEntities = new Map<string, string>();
    for (const plan of plans) {
      for (const window of plan.windows) {
        windowIndex++;
        progress.emit({ phase: "reading", stream: plan.stream.name, windowIndex, windowCount, windowStart: window.start, windowEnd: window.end });
        await readWindow({
          database: deps.database, plugin, config, stream: plan.stream.name, window, advanceCursor: plan.advanceCursor, states, ctx, progress, rejects, today,
          target: { orgId: run.orgId, connectionId: run.connectionId, runId: run.id, landRaw: row.landRaw },
          chunkSize: deps.chunkSize ?? (deps.database.driver === "postgres" ? 10_000 : 5_000), chunkStep: deps.chunkStep, writtenEntities,
          onCommit: (tx, final) => saveCounters(tx, final ? { [plan.stream.name]: window.end } : undefined),
          // readWindow returns while the window's last chunks may still load: the next window is read meanwhile.
          lane,
          onWindowCommitted: () => { committed[plan.stream.name] = window.end; progress.windowDone(); },
        });
      }
    }
    await settleLane(lane);
    progress.emit({ phase: "finalizing" });
    await refreshFactStatistics(deps.database, progress.state.recordsWritten);
    // Data quality of what this run loaded, stored on the run before it reports "finished".
    const factWindows = plans.filter((p) => p.advanceCursor).flatMap((p) => p.windows);
    if (factWindows.length) {
      const range = { from: factWindows.map((w) => w.start).sort()[0]!, to: factWindows.map((w) => w.end).sort().at(-1)! };
      await attachQualityReport(scope, run.id, now(), range).catch((e: Error) => {
        // A warning is shown to the org: the error's own text (SQL) stays in the log.
        const requestId = randomUUID();
        logger.error({ err: e, requestId, runId: run.id }, "data quality checks failed");
        progress.warn(`data quality checks failed on an internal error (request id ${requestId}); the loaded data is kept.`);
      });
    }
    await db.update(connections).set({ lastSyncAt: new Date(), lastSuccessAt: new Date() }).where(eq(connections.id, run.connectionId));
    return await finish("succeeded");
  } catch (e) {
    // A chunk still loading commits or fails before the run records its end; chunks not yet started are dropped.
    await stopLane(lane);
    const cancelled = runSignal.aborted || (e as Error).name === "AbortError";
    if (cancelled) return await finish("cancelled");
    const known = e instanceof AppError || isPluginError(e);
    if (!known) logger.error({ err: e }, "sync failed");
    if (e instanceof AuthFailed) await db.update(connections).set({ status: "needs_reauth" }).where(eq(connections.id, run.connectionId));
    return await finish("failed", known ? (e as Error).message : `Internal error during sync run ${run.id}; see the server log.`, e instanceof AppError ? e.code : errorCodeOf(e), isPluginError(e) ? e.kind : null);
  } finally {
    clearInterval(heartbeat);
  }

  async function finish(status: RunStatus, rawError?: string, errorCode?: string, failureKind: PluginErrorKind | null = null): Promise<RunStatus> {
    const error = redact(rawError);
    const s = progress.state;
    const last = progress.emit({ phase: "finished", status, error: error ?? null, errorCode: errorCode ?? null, failureKind });
    await db
      .update(syncRuns)
      .set({
        status, error: error ?? null, errorCode: errorCode ?? null, finishedAt: new Date(), recordsRead: s.recordsRead, recordsWritten: s.recordsWritten,
        recordsRejected: s.recordsRejected, rejects: rejects.summary(), progress: { ...last, committed }, updatedAt: new Date(),
      })
      .where(and(mine, sql`${syncRuns.status} in ('queued', 'running')`));
    await db.update(connections).set({ lastSyncAt: new Date() }).where(eq(connections.id, run.connectionId));
    logger.info({ status, recordsRead: s.recordsRead, recordsWritten: s.recordsWritten, recordsRejected: s.recordsRejected }, "sync finished");
    return status;
  }
}
