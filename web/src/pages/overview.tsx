import * as Plot from "@observablehq/plot";
import { useMemo, useState } from "preact/hooks";
import { ConsoleDataSpanDocument, ConsoleOverviewDocument } from "../../../generated/graphql";
import { useQuery } from "../api/use-query";
import { DateRangePicker } from "../components/date-range-picker";
import { ErrorBox, Loading } from "../components/error-box";
import { KpiCard } from "../components/kpi-card";
import { PlotFigure } from "../components/plot-figure";
import { addDays, previousPeriod, type Range } from "../lib/dates";
import { count, money, moneyShort, percent, ratio } from "../lib/format";
import { dailySeries, overviewKpis, platformRows, type Kpi } from "../lib/overview-data";
import { useSession } from "../session-context";

const show = (k: Kpi, v: number | null, currency: string) => (k.kind === "money" ? money(v, currency) : k.kind === "ratio" ? ratio(v) : count(v));

export function OverviewPage() {
  const span = useQuery(ConsoleDataSpanDocument, {});
  if (span.error) return <ErrorBox error={span.error} />;
  if (!span.data) return <Loading what="data range" />;
  const latest = span.data.facts.edges[0]?.node.date;
  if (!latest) return <p class="muted">No data yet: add a connection and run a sync (Connections & syncs).</p>;
  return <OverviewFor latest={latest} />;
}

function OverviewFor({ latest }: { latest: string }) {
  const { currency } = useSession();
  const [range, setRange] = useState<Range>({ from: addDays(latest, -27), to: latest });
  const previous = previousPeriod(range);
  const q = useQuery(ConsoleOverviewDocument, { range, previous });
  const d = q.data;
  const series = useMemo(() => (d ? dailySeries(d) : null), [d]);
  const spendChart = useMemo<Plot.PlotOptions | null>(() => series && {
    y: { label: `Spend per day (${currency})`, grid: true, tickFormat: (v: number) => moneyShort(v, currency) },
    x: { label: "Date", type: "utc" },
    color: { legend: true, label: "Platform" },
    marks: [Plot.areaY(series.spend, { x: "date", y: "spend", fill: "platform", order: "sum", tip: true }), Plot.ruleY([0])],
  }, [series, currency]);
  const revenueChart = useMemo<Plot.PlotOptions | null>(() => series && {
    y: { label: `Business revenue per day (${currency})`, grid: true, tickFormat: (v: number) => moneyShort(v, currency) },
    x: { label: "Date", type: "utc" },
    marks: [Plot.lineY(series.revenue, { x: "date", y: "revenue", stroke: "#1f6f5c", tip: true }), Plot.ruleY([0])],
  }, [series, currency]);
  return (
    <section>
      <DateRangePicker value={range} latest={latest} onChange={setRange} />
      <p class="muted">Compared with {previous.from} … {previous.to}. Revenue, conversions, ROAS and CPA use the business's own orders; platform rows show what each platform reports.</p>
      <ErrorBox error={q.error} />
      {q.loading && !d && <Loading what="KPIs" />}
      {d && (
        <>
          <div class="kpis">
            {overviewKpis(d).map((k) => (
              <KpiCard name={k.name} value={show(k, k.value, currency)} previous={show(k, k.previous, currency)} change={k.change} higherIsBetter={k.higherIsBetter} />
            ))}
          </div>
          {d.byPlatform.missingRates.length > 0 && (
            <div class="warning">Missing exchange rates: {d.byPlatform.missingRates.map((m) => `${m.currency} on ${m.days} days (${m.from} … ${m.to})`).join("; ")} — that spend is left out.</div>
          )}
          <h2>Spend by platform</h2>
          {spendChart && <PlotFigure label="spend by platform" options={spendChart} />}
          <h2>Business revenue</h2>
          {revenueChart && <PlotFigure label="business revenue" options={revenueChart} />}
          <h2>Platforms</h2>
          <table class="data" data-testid="platform-table">
            <thead><tr><th>Platform</th><th>Spend</th><th>vs previous</th><th>Impressions</th><th>Clicks</th><th>Conversions (reported)</th><th>Revenue (reported)</th><th>ROAS (reported)</th><th>CPA</th></tr></thead>
            <tbody>
              {platformRows(d).map((r) => (
                <tr data-platform={r.platform}>
                  <td>{r.platform}</td><td class="num">{money(r.spend, currency)}</td><td class="num">{percent(r.spendChange, true)}</td>
                  <td class="num">{count(r.impressions)}</td><td class="num">{count(r.clicks)}</td><td class="num">{count(r.conversions, 1)}</td>
                  <td class="num">{money(r.revenue, currency)}</td><td class="num">{ratio(r.roas)}</td><td class="num">{money(r.cpa, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
