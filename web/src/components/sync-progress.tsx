import type { SyncProgressFieldsFragment } from "../../../generated/graphql";
import { count, duration } from "../lib/format";
import { ProgressBar } from "./progress-bar";

/** A running sync as its syncProgress events tell it: phase, window i/n, records, rejects, waits, ETA, errors. */
export function SyncProgressView({ p }: { p: SyncProgressFieldsFragment }) {
  return (
    <div class="sync-progress" data-run={p.runId} data-status={p.status}>
      <ProgressBar percent={p.percent} label={`sync ${p.runId} progress`} />
      <dl class="facts">
        <div><dt>Phase</dt><dd data-testid="phase">{p.phase}{p.stream ? ` · ${p.stream}` : ""}</dd></div>
        <div><dt>Window</dt><dd>{p.windowIndex && p.windowCount ? `${p.windowIndex} / ${p.windowCount}` : "–"}{p.windowStart ? ` (${p.windowStart} … ${p.windowEnd})` : ""}</dd></div>
        <div><dt>Records</dt><dd>{count(p.recordsRead)} read · {count(p.recordsWritten)} written</dd></div>
        <div><dt>Rejects</dt><dd>{count(p.recordsRejected)}</dd></div>
        <div><dt>ETA</dt><dd>{p.status === "running" || p.status === "queued" ? duration(p.etaSeconds) : p.status}</dd></div>
      </dl>
      {p.rateLimit && <div class="warning">Rate limited: waiting {duration(p.rateLimit.waitMs / 1000)} — {p.rateLimit.reason}</div>}
      {p.warnings.map((w) => <div class="warning">{w}</div>)}
      {p.error && <div class="error" role="alert">{p.errorCode ? `${p.errorCode}: ` : ""}{p.error}</div>}
    </div>
  );
}
