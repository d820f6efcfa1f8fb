import { redact } from "../redact.js";
import { supersedable, type EventBus, type EventTopics } from "../events.js";
import type { PluginErrorKind } from "../plugins/errors.js";

/** Phases of a run, in the order they happen (reading and loading alternate per chunk). */
export const SYNC_PHASES = ["queued", "planning", "reading", "loading", "finalizing", "finished"] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];
export type RunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** One progress event on the SYNC_PROGRESS topic (and the last one is kept in sync_runs.progress). */
export interface SyncProgressEvent {
  orgId: string;
  runId: string;
  connectionId: string;
  /** Increases by one per event of a run. */
  seq: number;
  phase: SyncPhase;
  status: RunStatus;
  stream: string | null;
  /** 1-based window being read, of windowCount planned over all streams. */
  windowIndex: number | null;
  windowCount: number | null;
  windowStart: string | null;
  windowEnd: string | null;
  pages: number;
  recordsRead: number;
  /** Facts written (upserted). */
  recordsWritten: number;
  entitiesWritten: number;
  recordsRejected: number;
  /** Set on the event that reports a rate-limit wait. */
  rateLimit: { reason: string; waitMs: number } | null;
  percent: number;
  etaSeconds: number | null;
  /** Warnings so far (the last 20). */
  warnings: string[];
  error: string | null;
  errorCode: string | null;
  /** A failed run's connector error kind (auth_failed: the connection needs re-authorization); null otherwise. */
  failureKind: PluginErrorKind | null;
  at: string;
}

/** Phases a run flips between per chunk: a change between them is throttled like a counter. */
const STEADY = new Set<SyncPhase>(["reading", "loading"]);

type Mutable = Omit<SyncProgressEvent, "orgId" | "runId" | "connectionId" | "seq" | "at" | "percent" | "etaSeconds">;

/** Default shortest time between two progress events that only move counters or the reading/loading phase: ≤ 10 per second. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Builds and publishes a run's progress events; counters accumulate, each published event is a snapshot.
 * A status view needs the latest state, not every page: an emit that only moves counters, warnings or the
 * reading/loading phase is published at most once per `intervalMs` (the latest state, at the end of the
 * interval), and every subscriber of a thousand then handles ten events a second rather than one per page.
 * Status changes, a new stream or window, planning, finalizing, rate-limit waits and errors go out at once.
 */
export function createProgress(ids: { orgId: string; runId: string; connectionId: string }, events: EventBus, started = Date.now(), intervalMs = PROGRESS_INTERVAL_MS) {
  let seq = 0;
  let windowsDone = 0;
  const state: Mutable = {
    phase: "queued", status: "queued", stream: null, windowIndex: null, windowCount: null, windowStart: null, windowEnd: null,
    pages: 0, recordsRead: 0, recordsWritten: 0, entitiesWritten: 0, recordsRejected: 0, rateLimit: null, warnings: [], error: null, errorCode: null, failureKind: null,
  };
  let last: SyncProgressEvent | undefined;
  let publishedAt = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const publish = (): SyncProgressEvent => {
    clearTimeout(pending);
    pending = undefined;
    last = snapshot();
    // The run's next event carries all of this one but a rate-limit wait; a finished run has no next event.
    if ((last.status === "queued" || last.status === "running") && !last.rateLimit) supersedable.add(last);
    publishedAt = Date.now();
    state.rateLimit = null;
    events.publish("SYNC_PROGRESS", last as unknown as EventTopics["SYNC_PROGRESS"][0]);
    return last;
  };
  const snapshot = (): SyncProgressEvent => {
    const percent = state.status === "succeeded" ? 100 : state.windowCount ? Math.round((1000 * windowsDone) / state.windowCount) / 10 : 0;
    const elapsed = (Date.now() - started) / 1000;
    const etaSeconds = percent > 0 && percent < 100 ? Math.round((elapsed * (100 - percent)) / percent) : percent === 100 ? 0 : null;
    return { ...ids, ...state, warnings: [...state.warnings], seq: ++seq, percent, etaSeconds, at: new Date().toISOString() };
  };
  return {
    /** Current counters and position. */
    state,
    /** Mark one planned window finished (drives percent and ETA). */
    windowDone() { windowsDone++; },
    /** Add a warning (kept to the last 20). */
    warn(message: string) { state.warnings = [...state.warnings, redact(message)].slice(-20); },
    /**
     * Publish the current state with any changes, at once or (counters and reading/loading only) as the latest state at the
     * end of the interval; returns the last event published. The rate-limit field only lives on the event that sets it.
     */
    emit(change: Partial<Mutable> = {}): SyncProgressEvent {
      const urgent = !last || intervalMs <= 0 || change.rateLimit || change.error || (change.status !== undefined && change.status !== state.status) ||
        (change.phase !== undefined && change.phase !== state.phase && !STEADY.has(change.phase)) ||
        (change.stream !== undefined && change.stream !== state.stream) || (change.windowIndex !== undefined && change.windowIndex !== state.windowIndex);
      Object.assign(state, change.error ? { ...change, error: redact(change.error) } : change);
      if (urgent || Date.now() - publishedAt >= intervalMs) return publish();
      pending ??= setTimeout(publish, publishedAt + intervalMs - Date.now());
      pending.unref?.();
      return last!;
    },
    /** The last event published. */
    last: () => last,
  };
}
export type Progress = ReturnType<typeof createProgress>;

/** Count of rejects per reason and the first few samples, for the run's report. */
/** What a run stores about its rejected records (sync_runs.rejects). */
export interface RejectSummary {
  /** Rejected records per reason ("field: reason"). */
  counts: Record<string, number>;
  /** The first rejected records. */
  samples: { stream: string; key?: string; field?: string; reason: string }[];
}

export function createRejectTracker(maxSamples = 20) {
  const counts: Record<string, number> = {};
  const samples: { stream: string; key?: string; field?: string; reason: string }[] = [];
  return {
    add(stream: string, key: string | undefined, reject: { reason: string; field?: string }) {
      const reason = redact(reject.reason);
      const label = reject.field ? `${reject.field}: ${reason}` : reason;
      counts[label] = (counts[label] ?? 0) + 1;
      if (samples.length < maxSamples) samples.push({ stream, key, field: reject.field, reason });
    },
    summary: (): RejectSummary => ({ counts: { ...counts }, samples: [...samples] }),
  };
}
