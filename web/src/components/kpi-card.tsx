import { percent } from "../lib/format";

/** One KPI: its value, the previous period's, and the relative change (green when it is good news). */
export function KpiCard(p: { name: string; value: string; previous: string; change: number | null; higherIsBetter?: boolean }) {
  const good = p.change === null ? null : (p.change >= 0) === (p.higherIsBetter ?? true);
  return (
    <div class="kpi" data-kpi={p.name}>
      <div class="kpi-name">{p.name}</div>
      <div class="kpi-value" data-testid={`kpi-${p.name}`}>{p.value}</div>
      <div class={`kpi-change ${good === null ? "" : good ? "good" : "bad"}`}>
        {p.change === null ? "no previous data" : `${percent(p.change, true)} vs ${p.previous}`}
      </div>
    </div>
  );
}
