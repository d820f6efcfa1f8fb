import type { ConsoleOverviewQuery } from "../../../generated/graphql";

// The overview's numbers from one ConsoleOverview result. `metrics` rows are still untyped objects keyed
// by column name (the typed rows of issue #13 will replace these look-ups).
type Row = Record<string, unknown>;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const sum = (rows: Row[], col: string) => rows.reduce((s, r) => s + n(r[col]), 0);
const div = (a: number, b: number) => (b === 0 ? null : a / b);
const change = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : now / before - 1);

export interface Kpi {
  name: "Spend" | "Revenue" | "ROAS" | "CPA" | "Conversions";
  value: number | null;
  previous: number | null;
  change: number | null;
  kind: "money" | "ratio" | "count";
  higherIsBetter: boolean;
}

/**
 * KPIs: spend from the platforms' media facts; revenue and conversions from the business's own outcome
 * series (never the platforms' claims, which overlap); ROAS = revenue ÷ spend, CPA = spend ÷ conversions.
 */
export function overviewKpis(d: ConsoleOverviewQuery): Kpi[] {
  const totals = d.byPlatform.totals as Row;
  const spend = n(totals.spend), spendBefore = n(totals.spendCompared);
  const cur = d.outcome.rows as Row[], prev = d.previousOutcome.rows as Row[];
  const revenue = sum(cur, "revenue"), revenueBefore = sum(prev, "revenue");
  const conv = sum(cur, "conversions"), convBefore = sum(prev, "conversions");
  const roas = div(revenue, spend), roasBefore = div(revenueBefore, spendBefore);
  const cpa = div(spend, conv), cpaBefore = div(spendBefore, convBefore);
  return [
    { name: "Spend", value: spend, previous: spendBefore, change: change(spend, spendBefore), kind: "money", higherIsBetter: true },
    { name: "Revenue", value: revenue, previous: revenueBefore, change: change(revenue, revenueBefore), kind: "money", higherIsBetter: true },
    { name: "ROAS", value: roas, previous: roasBefore, change: change(roas, roasBefore), kind: "ratio", higherIsBetter: true },
    { name: "CPA", value: cpa, previous: cpaBefore, change: change(cpa, cpaBefore), kind: "money", higherIsBetter: false },
    { name: "Conversions", value: conv, previous: convBefore, change: change(conv, convBefore), kind: "count", higherIsBetter: true },
  ];
}

export interface PlatformRow {
  platform: string;
  spend: number;
  spendChange: number | null;
  impressions: number;
  clicks: number;
  conversions: number;
  revenue: number;
  roas: number | null;
  cpa: number | null;
}

/** One row per platform, as the platforms report it (their revenue is their attributed claim). */
export function platformRows(d: ConsoleOverviewQuery): PlatformRow[] {
  return (d.byPlatform.rows as Row[]).map((r) => ({
    platform: String(r.platform),
    spend: n(r.spend),
    spendChange: r.spendRelativeChange === null || r.spendRelativeChange === undefined ? null : Number(r.spendRelativeChange),
    impressions: n(r.impressions),
    clicks: n(r.clicks),
    conversions: n(r.conversions),
    revenue: n(r.revenue),
    roas: r.roas === null || r.roas === undefined ? null : Number(r.roas),
    cpa: r.cpa === null || r.cpa === undefined ? null : Number(r.cpa),
  }));
}

/** Daily spend per platform plus the business's daily revenue, for the time-series charts. */
export function dailySeries(d: ConsoleOverviewQuery) {
  const spend = (d.daily.rows as Row[]).map((r) => ({ date: new Date(`${String(r.date)}T00:00:00Z`), platform: String(r.platform), spend: n(r.spend) }));
  const revenue = (d.outcome.rows as Row[]).map((r) => ({ date: new Date(`${String(r.date)}T00:00:00Z`), revenue: n(r.revenue) }));
  return { spend, revenue };
}
