import type { SyncRunFieldsFragment } from "../../../generated/graphql";
import { count, dateTime, percent } from "../lib/format";


/** Past runs, newest first, each with its quality report and reject counts. */
export function RunHistory({ runs, names }: { runs: SyncRunFieldsFragment[]; names: Map<string, string> }) {
  if (runs.length === 0) return <p class="muted">No runs yet.</p>;
  return (
    <table class="data" data-testid="run-history">
      <thead><tr><th>Started</th><th>Connection</th><th>Trigger</th><th>Status</th><th>Window</th><th>Read</th><th>Written</th><th>Rejected</th><th>Quality</th></tr></thead>
      <tbody>
        {runs.map((r) => {
          const q = r.qualityReport;
          const rejects = r.rejects;
          return (
            <tr data-run={r.id} data-status={r.status}>
              <td>{dateTime(r.startedAt ?? r.createdAt)}</td>
              <td>{names.get(r.connectionId) ?? r.connectionId}</td>
              <td>{r.trigger}</td>
              <td><span class={`badge ${r.status}`}>{r.status}</span>{r.error && <div class="small error-text">{r.error}</div>}</td>
              <td>{r.windowStart ? `${r.windowStart} … ${r.windowEnd ?? ""}` : "incremental"}</td>
              <td class="num">{count(r.recordsRead)}</td>
              <td class="num">{count(r.recordsWritten)}</td>
              <td class="num" title={rejects ? rejects.counts.map((c) => `${c.reason}: ${c.count}`).join("\n") : ""}>{count(r.recordsRejected)}</td>
              <td>
                {q?.rules ? (
                  <details>
                    <summary>score {percent(q.score, false, 0)}</summary>
                    <ul class="small">{q.rules.map((x) => <li>{x.rule}: {x.failed} of {x.checked} failed ({x.severity})</li>)}</ul>
                  </details>
                ) : "–"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
