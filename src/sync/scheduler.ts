import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { App } from "../app.js";
import { orgScope } from "../db/scope.js";
import { connections } from "../db/tables/index.js";
import { AppError } from "../errors.js";
import { parseSchedule, nextDueAt } from "./schedule.js";
import { syncEngineOf, type SyncEngine } from "./sync-engine.js";

/** How often the scheduler looks for due connections and abandoned runs. */
export const TICK_MS = 30_000;

/** One scheduler pass: resume abandoned runs, then start every active connection whose schedule is due. Returns started run ids. */
export async function schedulerTick(app: App, engine: SyncEngine, now = new Date()): Promise<string[]> {
  await engine.resumeAbandoned();
  const due = await app.database.db.select().from(connections).where(and(isNotNull(connections.schedule), eq(connections.status, "active")));
  const started: string[] = [];
  for (const c of due) {
    let schedule;
    try { schedule = parseSchedule(c.schedule!); } catch { continue; }
    const last = [c.lastSyncAt, c.scheduleClaimedAt].filter((d): d is Date => Boolean(d)).sort((a, b) => b.getTime() - a.getTime())[0];
    if (nextDueAt(schedule, last, now) > now) continue;
    // Claim the slot with compare-and-set: of any number of instances ticking now, one starts the sync.
    const [claimed] = await app.database.db.update(connections).set({ scheduleClaimedAt: now })
      .where(and(eq(connections.id, c.id), c.scheduleClaimedAt ? eq(connections.scheduleClaimedAt, c.scheduleClaimedAt) : isNull(connections.scheduleClaimedAt)))
      .returning({ id: connections.id });
    if (!claimed) continue;
    try {
      const run = await engine.start(orgScope(app.database, c.orgId), { connectionId: c.id, trigger: "schedule" });
      started.push(run.id);
    } catch (e) {
      // Already running (CONFLICT) is the normal case for long syncs; anything else is logged.
      if (!(e instanceof AppError && e.code === "CONFLICT")) app.logger.error({ err: e, connectionId: c.id }, "scheduled sync could not start");
    }
  }
  return started;
}

/**
 * At start, resume runs a crashed process left behind; then, unless config.scheduler is off, start
 * due connections every TICK_MS. `stop()` stops ticking and aborts this process's runs.
 */
export function startScheduler(app: App, options: { tickMs?: number } = {}) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    const engine = await syncEngineOf(app);
    running = schedulerTick(app, engine).catch((e) => app.logger.error({ err: e }, "scheduler tick failed"));
    await running;
    if (!stopped) timer = setTimeout(tick, options.tickMs ?? app.config.schedulerTickMs ?? TICK_MS).unref();
  };
  // Resuming abandoned runs happens at start even when schedules are off (LIFTGATE_SCHEDULER=false).
  running = syncEngineOf(app)
    .then((engine) => engine.resumeAbandoned())
    .catch((e) => app.logger.error({ err: e }, "resuming abandoned sync runs failed"))
    .then(() => { if (app.config.scheduler && !stopped) return tick(); });
  return {
    /** Stop scheduling and abort this process's runs (call before closing the database). */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await (await syncEngineOf(app)).shutdown();
    },
  };
}
