import { ConsoleExperimentsDocument, type ConsoleExperimentsQuery } from "../../../generated/graphql";
import { useQuery } from "../api/use-query";
import { AbTable } from "../components/ab-table";
import { useState } from "preact/hooks";
import { ErrorBox, Loading } from "../components/error-box";
import { ListMore, more } from "../components/list-more";
import { GeoChart } from "../components/geo-chart";
import { isAb, isGeo } from "../lib/experiment-results";
import { money, percent, pValue, ratio } from "../lib/format";
import { useSession } from "../session-context";

type Experiment = ConsoleExperimentsQuery["experiments"]["edges"][number]["node"];

export function ExperimentsPage() {
  const [first, setFirst] = useState(50);
  const q = useQuery(ConsoleExperimentsDocument, { first });
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading what="experiments" />;
  const list = q.data.experiments.edges.map((e) => e.node);
  if (list.length === 0) return <p class="muted">No experiments yet (createExperiment, then uploadExperimentData and analyzeExperiment).</p>;
  return (
    <section>
      <table class="data" data-testid="experiment-list">
        <thead><tr><th>Experiment</th><th>Type</th><th>Status</th><th>Window</th><th>Method</th><th>Lift</th><th>p-value</th></tr></thead>
        <tbody>
          {list.map((e) => {
            const r = e.analysis;
            const lift = isGeo(r) ? r.lift : isAb(r) ? r.comparisons[0]?.relativeLift : null;
            const p = isGeo(r) ? r.pValue : isAb(r) ? r.comparisons[0]?.pValue : null;
            return (
              <tr data-experiment={e.id}>
                <td><a href={`#exp-${e.id}`}>{e.name}</a></td><td>{e.type}</td><td>{e.status}</td>
                <td>{e.startDate ?? "?"} … {e.endDate ?? "?"}</td><td>{e.analysis?.method ?? "not analysed"}</td>
                <td class="num">{lift === null || lift === undefined ? "–" : percent(lift, true, 1)}</td>
                <td class="num">{p === null || p === undefined ? "–" : pValue(p)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ListMore shown={list.length} total={q.data.experiments.totalCount} onMore={() => setFirst(more)} />
      {list.map((e) => <ExperimentCard e={e} />)}
    </section>
  );
}

function ExperimentCard({ e }: { e: Experiment }) {
  const { currency } = useSession();
  const r = e.analysis;
  return (
    <article class="card" id={`exp-${e.id}`} data-experiment-card={e.id} aria-label={e.name}>
      <h2>{e.name}</h2>
      {e.hypothesis && <p class="muted">{e.hypothesis}</p>}
      {e.type === "geo" && <p class="small">Treated: {e.treatedGeos.join(", ")}{e.treatment.channel ? ` · channel ${e.treatment.channel}` : ""}{e.treatment.spendMultiplier !== null && e.treatment.spendMultiplier !== undefined ? ` · spend × ${e.treatment.spendMultiplier}` : ""}</p>}
      {!r && <p class="muted">Not analysed yet.</p>}
      {isGeo(r) && (
        <>
          <dl class="facts" data-testid="geo-figures">
            <div><dt>ATT (per geo-day)</dt><dd data-testid="att">{e.analysis!.metric === "revenue" ? money(r.att, currency) : r.att.toFixed(2)}</dd></div>
            <div><dt>Lift</dt><dd data-testid="lift">{percent(r.lift, true, 1)}</dd></div>
            <div><dt>Incremental {e.analysis!.metric}</dt><dd data-testid="incremental">{e.analysis!.metric === "revenue" ? money(r.incremental, currency, 0) : r.incremental.toFixed(0)}</dd></div>
            <div><dt>Spend change</dt><dd>{r.spendChange === null || r.spendChange === undefined ? "–" : money(r.spendChange, currency, 0)}</dd></div>
            <div><dt>iROAS</dt><dd data-testid="iroas">{ratio(r.iroas ?? null)}</dd></div>
            <div><dt>p-value</dt><dd data-testid="pvalue">{pValue(r.pValue)}</dd></div>
            <div><dt>Pre-period fit</dt><dd>R² {r.preFit.r2.toFixed(3)}</dd></div>
          </dl>
          <GeoChart result={r} start={e.startDate ?? ""} end={e.endDate ?? ""} metric={e.analysis!.metric} currency={currency} />
          <p class="small muted">{e.analysis!.method} · {r.inference}</p>
        </>
      )}
      {isAb(r) && <AbTable result={r} alpha={e.alpha} />}
    </article>
  );
}
