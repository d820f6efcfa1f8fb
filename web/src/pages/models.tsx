import { ConsoleModelsDocument } from "../../../generated/graphql";
import { useQuery } from "../api/use-query";
import { BudgetOptimizer } from "../components/budget-optimizer";
import { ErrorBox, Loading } from "../components/error-box";
import { DecompositionChart, ResponseCurves, RoasChart } from "../components/mmm-charts";
import { count, money, percent, ratio } from "../lib/format";
import type { Model } from "../lib/model-results";
import { useSession } from "../session-context";

const interval = (e: { value: number; low: number | null; high: number | null } | null, f: (v: number) => string) =>
  !e ? "–" : e.low === null || e.high === null ? f(e.value) : `${f(e.value)} (${f(e.low)} … ${f(e.high)})`;

export function ModelsPage() {
  const q = useQuery(ConsoleModelsDocument, {});
  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading what="models" />;
  const models = q.data.attributionModels.edges.map((e) => e.node);
  const mmm = models.find((m) => m.type === "mmm" && m.status === "ready");
  const mta = models.find((m) => m.type === "mta" && m.status === "ready");
  const pending = models.filter((m) => m.status === "queued" || m.status === "training");
  return (
    <section>
      {pending.map((m) => <p class="muted">{m.name} is {m.status} ({percent(m.progress, false, 0)}).</p>)}
      {!mmm && !mta && pending.length === 0 && <p class="muted">No trained models yet (trainAttributionModel).</p>}
      {mmm && <MmmView model={mmm} />}
      {mta && <MtaView model={mta} />}
    </section>
  );
}

function MmmView({ model }: { model: Model }) {
  const { currency } = useSession();
  const fit = model.fitMetrics && "r2" in model.fitMetrics ? model.fitMetrics : null;
  return (
    <>
      <h2 data-testid="mmm-name">Marketing mix model: {model.name}</h2>
      <p class="muted">Data {model.dataFrom} … {model.dataTo} · R² {fit?.r2.toFixed(3) ?? "–"} · MAPE {fit?.mape === null || fit?.mape === undefined ? "–" : percent(fit.mape)}</p>
      <table class="data" data-testid="mmm-table">
        <thead><tr><th>Channel</th><th>Spend</th><th>Contribution</th><th>Share</th><th>ROAS (interval)</th><th>Marginal ROAS</th></tr></thead>
        <tbody>{model.results.filter((r) => r.method === "mmm").map((r) => (
          <tr data-channel={r.channel}>
            <td>{r.channel}{r.organic ? " (organic)" : ""}</td>
            <td class="num">{r.spend === null ? "–" : money(r.spend, currency, 0)}</td>
            <td class="num">{interval(r.contribution, (v) => money(v, currency, 0))}</td>
            <td class="num">{percent(r.share)}</td>
            <td class="num" data-testid={`roas-${r.channel}`}>{interval(r.roas, ratio)}</td>
            <td class="num">{interval(r.marginalRoas, ratio)}</td>
          </tr>
        ))}</tbody>
      </table>
      <h3>ROAS by channel</h3>
      <RoasChart model={model} />
      <h3>Contribution over time</h3>
      <DecompositionChart model={model} currency={currency} />
      <h3>Response curves</h3>
      <ResponseCurves model={model} currency={currency} />
      <BudgetOptimizer model={model} currency={currency} />
    </>
  );
}

function MtaView({ model }: { model: Model }) {
  const { currency } = useSession();
  const methods = [...new Set(model.results.map((r) => r.method))];
  const channels = [...new Set(model.results.map((r) => r.channel))];
  const cell = (ch: string, m: string) => model.results.find((r) => r.channel === ch && r.method === m);
  return (
    <>
      <h2>Multi-touch attribution: {model.name}</h2>
      <p class="muted">Conversions credited per channel by each method, side by side.</p>
      <table class="data" data-testid="mta-table">
        <thead><tr><th>Channel</th>{methods.map((m) => <th>{m.replace("_", " ")}</th>)}</tr></thead>
        <tbody>{channels.map((ch) => (
          <tr data-channel={ch}><td>{ch}</td>{methods.map((m) => {
            const r = cell(ch, m);
            return <td class="num">{r ? `${count(r.conversions ?? 0, 1)} · ${money(r.contribution.value, currency, 0)} · ${percent(r.share)}` : "–"}</td>;
          })}</tr>
        ))}</tbody>
      </table>
    </>
  );
}
