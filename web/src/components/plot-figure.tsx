import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "preact/hooks";

/** An Observable Plot chart (SVG); re-rendered when `options` change. `label` names it for screen readers and tests. */
export function PlotFigure({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const width = Math.max(320, el.clientWidth || 800);
    const chart = Plot.plot({ width, height: 300, marginLeft: 70, marginBottom: 44, style: { fontSize: "12px", background: "transparent" }, ...options });
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return <figure class="chart" role="img" aria-label={label} data-chart={label} ref={ref} />;
}
