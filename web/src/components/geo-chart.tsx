import * as Plot from "@observablehq/plot";
import { useMemo } from "preact/hooks";
import type { GeoResult } from "../lib/experiment-results";
import { moneyShort } from "../lib/format";
import { PlotFigure } from "./plot-figure";

/** Treated geos' average vs its synthetic control per day, the test window shaded. */
export function GeoChart({ result, start, end, metric, currency }: { result: GeoResult; start: string; end: string; metric: string; currency: string }) {
  const options = useMemo<Plot.PlotOptions | null>(() => {
    const s = result.series;
    if (!s) return null;
    const d = (x: string) => new Date(`${x}T00:00:00Z`);
    const rows = s.dates.flatMap((date, i) => [
      { date: d(date), value: s.treated[i]!, series: "Treated (observed)" },
      { date: d(date), value: s.counterfactual[i]!, series: "Synthetic control" },
    ]);
    const money = metric === "revenue";
    return {
      x: { label: "Date", type: "utc" },
      y: { label: `${metric} per treated geo per day${money ? ` (${currency})` : ""}`, grid: true, tickFormat: money ? (v: number) => moneyShort(v, currency) : undefined },
      color: { legend: true, domain: ["Treated (observed)", "Synthetic control"], range: ["#c2410c", "#2563eb"] },
      marks: [
        Plot.rectX([{ x1: d(start), x2: d(end) }], { x1: "x1", x2: "x2", fill: "#999", fillOpacity: 0.15 }),
        Plot.text([{ x: d(start) }], { x: "x", frameAnchor: "top", dy: 6, dx: 4, textAnchor: "start", text: () => "test window" }),
        Plot.lineY(rows, { x: "date", y: "value", stroke: "series", strokeWidth: 1.5, tip: true }),
      ],
    };
  }, [result, start, end, metric, currency]);
  if (!options) return <p class="muted">This analysis predates the stored series; analyse the experiment again to see the chart.</p>;
  return <PlotFigure label="treated vs synthetic control" options={options} />;
}
