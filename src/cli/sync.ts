import { Command } from "commander";
import type { SyncProgressEvent } from "../sync/progress.js";
import { getSyncRun, syncEngineOf } from "../sync/sync-engine.js";
import { print, scopeFor, withApp } from "./shared.js";
import { findConnection } from "./connection.js";
import { io } from "./io.js";
import { startProgressBar, type ProgressBar } from "./terminal.js";

const BAR_FORMAT = "{bar} {percentage}% | {phase} {stream} window {window} | {read} read, {written} written, {rejected} rejected | ETA {eta_formatted}";

interface SyncOptions { org?: string; start?: string; end?: string; streams?: string; progress: boolean }

/**
 * Sandbox connections point at emulators that live inside `liftgate serve --demo`: run here, with no
 * server, their sync could only fail after its retries. Say so at once instead.
 */
async function assertReachableSandbox(config: Record<string, unknown>): Promise<void> {
  const base = typeof config.baseUrl === "string" ? new URL(config.baseUrl) : undefined;
  if (!base || !["127.0.0.1", "localhost", "[::1]"].includes(base.hostname)) return;
  const up = await fetch(base.origin, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
  if (!up) throw new Error(`This connection points at ${base.origin}, which does not answer. Sandbox connections read from emulators that run inside the server: start it with \`npm start\` (liftgate serve --demo) and run this command again — the server performs it.`);
}

const line = (e: SyncProgressEvent) =>
  `${e.status}: ${e.recordsRead} read, ${e.recordsWritten} facts written, ${e.entitiesWritten} entities, ${e.recordsRejected} rejected`;

/** `liftgate sync <connection>`: run one sync in this process with a progress bar; Ctrl-C cancels it. */
export function syncCommand() {
  return new Command("sync")
    .description("sync one connection now, showing progress")
    .argument("<connection>", "connection id or name")
    .option("--org <org>", "organization id or slug")
    .option("--start <date>", "backfill from this day (YYYY-MM-DD); default: incremental from saved state")
    .option("--end <date>", "backfill up to this day (YYYY-MM-DD); default: today")
    .option("--streams <names>", "comma-separated streams (default: all)")
    .option("--no-progress", "print one line per window instead of a progress bar")
    .action(async (connection: string, o: SyncOptions) => {
      const ok = await withApp(async (app) => {
        const scope = await scopeFor(app, o.org);
        const conn = await findConnection(app, scope, connection);
        if (!io().app) await assertReachableSandbox(conn.config as Record<string, unknown>);
        const engine = await syncEngineOf(app);
        const useBar = o.progress && io().isTTY;
        let bar: ProgressBar | undefined;
        let runId = "";
        let lastWindow = 0;
        const sub = app.events.subscribe("SYNC_PROGRESS")[Symbol.asyncIterator]();
        void (async () => {
          for (let r = await sub.next(); !r.done; r = await sub.next()) {
            const e = r.value as unknown as SyncProgressEvent;
            if (e.runId !== runId) continue;
            const payload = barPayload(e);
            if (bar) bar.update(Math.floor(e.percent), payload);
            else if (e.windowIndex && e.windowIndex !== lastWindow) { lastWindow = e.windowIndex; io().stderr(`window ${payload.window} ${e.windowStart}..${e.windowEnd} (${payload.read} read so far)\n`); }
            if (e.rateLimit) {
              const text = `rate limited: ${e.rateLimit.reason}; waiting ${Math.round(e.rateLimit.waitMs / 1000)}s\n`;
              if (bar) bar.log(text);
              else io().stderr(text);
            }
          }
        })();
        const run = await engine.start(scope, {
          connectionId: conn.id, trigger: "cli", inProcess: true, streams: o.streams?.split(",").map((s) => s.trim()).filter(Boolean),
          range: o.start || o.end ? { start: o.start, end: o.end } : undefined,
        });
        runId = run.id;
        if (useBar) bar = startProgressBar(BAR_FORMAT, { phase: "queued", stream: "", window: "-", read: 0, written: 0, rejected: 0 });
        const onSigint = () => void engine.cancel(scope, run.id).catch(() => {});
        const offInterrupt = io().onInterrupt(onSigint);
        await engine.wait(run.id);
        offInterrupt();
        await sub.return?.();
        const done = await getSyncRun(scope, run.id);
        // The run's last progress event may still be on its way (on PostgreSQL it comes through LISTEN/NOTIFY):
        // the bar ends on the stored final state, not on whichever event arrived last.
        const final = { ...(done.progress as unknown as SyncProgressEvent), recordsRead: done.recordsRead, recordsWritten: done.recordsWritten, recordsRejected: done.recordsRejected };
        if (bar && final.phase) bar.update(Math.floor(final.percent ?? 0), barPayload(final));
        bar?.stop();
        print(`run ${done.id} ${line({ ...(done.progress as unknown as SyncProgressEvent), status: done.status as SyncProgressEvent["status"], recordsRead: done.recordsRead, recordsWritten: done.recordsWritten, recordsRejected: done.recordsRejected })}`);
        for (const [reason, n] of Object.entries(done.rejects?.counts ?? {})) print(`  rejected ${n}: ${reason}`);
        if (done.error) print(`error (${done.errorCode}): ${done.error}`);
        return done.status === "succeeded";
      });
      // Set after the database is closed: PGlite's runtime resets process.exitCode when it shuts down.
      if (!ok) io().exitCode = 1;
    });
}

/** The bar's fields for one progress event. */
const barPayload = (e: SyncProgressEvent) => ({
  phase: e.phase, stream: e.stream ?? "", window: e.windowIndex ? `${e.windowIndex}/${e.windowCount}` : "-", read: e.recordsRead, written: e.recordsWritten, rejected: e.recordsRejected,
});
