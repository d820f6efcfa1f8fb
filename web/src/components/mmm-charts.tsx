import * as Plot from "@observablehq/plot";
import { useMemo } from "preact/hooks";
import { responseCurve, weeklyDecomposition, type Model } from "../lib/model-results";
import { moneyShort } from "../lib/format";
import { PlotFigure } from "./plot-figure";

/** Paid channels' ROAS with their intervals. */
export function RoasChart({ model }: { model: Model }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const rows = model.results.filter((r) => r.roas).map((r) => ({ channel: r.channel, value: r.roas!.value, low: r.roas!.low ?? r.roas!.value, high: r.roas!.high ?? r.roas!.value }));
    return {
      height: 60 + rows.length * 40, marginLeft: 100,
      x: { label: "ROAS (revenue per unit of spend, with interval)", grid: true, domain: [0, Math.max(1, ...rows.map((r) => r.high)) * 1.1] },
      y: { label: null },
      marks: [
        Plot.ruleX([1], { stroke: "#999", strokeDasharray: "4,3" }),
        Plot.ruleY(rows, { y: "channel", x1: "low", x2: "high", stroke: "#2563eb", strokeWidth: 3 }),
        Plot.dot(rows, { y: "channel", x: "value", fill: "#1e3a8a", r: 5, tip: true }),
        Plot.text(rows, { y: "channel", x: "high", text: (d: { value: number }) => `${d.value.toFixed(2)}×`, dx: 8, textAnchor: "start" }),
      ],
    };
  }, [model]);
  return <PlotFigure label="ROAS by channel" options={options} />;
}

/** Weekly outcome split into baseline and channels. */
export function DecompositionChart({ model, currency }: { model: Model; currency: string }) {
  const options = useMemo<Plot.PlotOptions>(() => ({
    x: { label: "Week", type: "utc" },
    y: { label: `Revenue per day, weekly average (${currency})`, grid: true, tickFormat: (v: number) => moneyShort(v, currency) },
    color: { legend: true, label: "Component" },
    marks: [Plot.areaY(weeklyDecomposition(model), { x: "week", y: "value", fill: "component", order: ["baseline"], tip: true }), Plot.ruleY([0])],
  }), [model, currency]);
  return <PlotFigure label="contribution decomposition" options={options} />;
}

/** Predicted outcome per day at each daily spend, with today's average spend marked. */
export function ResponseCurves({ model, currency }: { model: Model; currency: string }) {
  const options = useMemo<Plot.PlotOptions>(() => {
    const paid = model.results.filter((r) => !r.organic && r.spend);
    const curves = paid.flatMap((r) => responseCurve(r).map((p) => ({ channel: r.channel, spend: p.spend, response: p.response })));
    // The API marks the current spend on each curve (average spend per period in the data window).
    const current = paid.flatMap((r) => responseCurve(r).filter((p) => p.isCurrent).map((p) => ({ channel: r.channel, spend: p.spend, response: p.response })));
    return {
      x: { label: `Spend per day (${currency})`, grid: true, tickFormat: (v: number) => moneyShort(v, currency) },
      y: { label: `Predicted revenue per day (${currency})`, grid: true, tickFormat: (v: number) => moneyShort(v, currency) },
      color: { legend: true, label: "Channel" },
      marks: [
        Plot.line(curves, { x: "spend", y: "response", stroke: "channel", curve: "monotone-x", tip: true }),
        Plot.dot(current, { x: "spend", y: "response", stroke: "channel", fill: "white", r: 6, strokeWidth: 2 }),
        Plot.ruleY([0]),
      ],
    };
  }, [model, currency]);
  return (
    <>
      <PlotFigure label="response curves" options={options} />
      <p class="small muted">Circles mark each channel's current average daily spend; the curve is the model's steady-state revenue at other spend levels.</p>
    </>
  );
}
