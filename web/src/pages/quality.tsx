import { useState } from "preact/hooks";
import { ConsoleDataQualityDocument, ConsoleDataSpanDocument } from "../../../generated/graphql";
import { useQuery } from "../api/use-query";
import { DateRangePicker } from "../components/date-range-picker";
import { ErrorBox, Loading } from "../components/error-box";
import { addDays, type Range } from "../lib/dates";
import { count, dateTime, percent } from "../lib/format";

export function QualityPage() {
  const span = useQuery(ConsoleDataSpanDocument, {});
  if (span.error) return <ErrorBox error={span.error} />;
  if (!span.data) return <Loading what="data range" />;
  const latest = span.data.facts.edges[0]?.node.date;
  if (!latest) return <p class="muted">No data yet.</p>;
  return <QualityFor latest={latest} />;
}

function QualityFor({ latest }: { latest: string }) {
  const [range, setRange] = useState<Range>({ from: addDays(latest, -27), to: latest });
  const q = useQuery(ConsoleDataQualityDocument, { range });
  const r = q.data?.dataQuality;
  return (
    <section>
      <DateRangePicker value={range} latest={latest} onChange={setRange} />
      <ErrorBox error={q.error} />
      {!r && !q.error && <Loading what="quality report" />}
      {r && (
        <>
          <p><span class="big" data-testid="quality-score">{percent(r.score, false, 1)}</span> overall score (errors count twice) · generated {dateTime(r.generatedAt)}</p>
          <table class="data" data-testid="quality-rules">
            <thead><tr><th>Rule</th><th>Severity</th><th>Checked</th><th>Failed</th><th>Score</th><th>Examples</th></tr></thead>
            <tbody>
              {r.rules.map((x) => (
                <tr data-rule={x.rule}>
                  <td><strong>{x.rule}</strong><div class="small muted">{x.description}</div></td>
                  <td><span class={`badge ${x.severity === "error" ? "failed" : x.severity === "warning" ? "cancelled" : "succeeded"}`}>{x.severity}</span></td>
                  <td class="num">{count(x.checked)}</td>
                  <td class="num">{count(x.failed)}</td>
                  <td class="num">{percent(x.score, false, 1)}</td>
                  <td class="small">{x.examples.length === 0 ? "–" : <details><summary>{x.examples.length} example{x.examples.length > 1 ? "s" : ""}</summary><pre>{JSON.stringify(x.examples.slice(0, 5), null, 1)}</pre></details>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
