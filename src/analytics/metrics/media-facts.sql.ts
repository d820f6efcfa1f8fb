import { sql, type SQL } from "drizzle-orm";

/** Rank of a fact's level, coarse to fine: account 0, campaign 1, ad group 2, ad 3. */
export const levelRank = (alias = "f"): SQL =>
  sql.raw(`(case ${alias}.level when 'account' then 0 when 'campaign' then 1 when 'ad_group' then 2 else 3 end)`);

/** Where media rows are read from: the facts, or their daily rollup (which has no ad group, ad or breakdown values). */
export type MediaTable = "marketing_facts" | "metrics_daily";

export interface MediaScope {
  orgId: string;
  /** A condition on `f.date`; omit for the whole history. */
  dates?: SQL;
  /** '' for rows without breakdowns, else the sorted field names ("age,gender"). */
  breakdownSet: string;
  /** The finest level the query needs (e.g. 3 when grouping by ad). */
  minRank: number;
  /** "media" (platform-reported, the default) or "outcome" (the business's own totals). */
  kind?: "media" | "outcome";
  /** The table `f` is (default marketing_facts). */
  table?: MediaTable;
  /**
   * A table expression with the rollup's columns read instead of `table` (metrics_periods' whole periods and
   * metrics_daily's other days), given the condition on the chosen levels to put inside it (none when choosing them).
   */
  from?: (levels?: SQL) => SQL;
}

/**
 * The (source, level, currency) triples that have media rows in scope, from the daily rollup: one index-only scan
 * that feeds both the level choice (`chosenLevels(m, name)`) and the exchange rates the query needs (its currencies).
 */
export function scopeTriples(m: MediaScope): SQL {
  const range = m.dates ? sql` and ${m.dates}` : sql``;
  return sql`select f.source, f.level, f.currency from ${m.from ? m.from() : sql`metrics_daily`} f
    where f.org_id = ${m.orgId} and f.kind = ${m.kind ?? "media"} and f.breakdown_set = ${m.breakdownSet}${range} and ${levelRank()} >= ${m.minRank}
    group by f.source, f.level, f.currency`;
}

/**
 * The one level each source contributes: the coarsest level it has that is at least as fine as the
 * query needs, so a source that writes both campaign and ad rows is never counted twice
 * (DESIGN.md "Facts rules"). A CTE body with columns (source, level): every level name of the chosen rank.
 * Read from the daily rollup, which has a row for every (source, level, day) that has facts, so the facts are
 * scanned once, not once to pick levels and again to sum them; or from the CTE `triples` (a `scopeTriples`) when given.
 */
export function chosenLevels(m: MediaScope, triples?: string): SQL {
  const range = m.dates ? sql` and ${m.dates}` : sql``;
  const from = triples
    ? sql.raw(`${triples} f`)
    : sql`${m.from ? m.from() : sql`metrics_daily`} f where f.org_id = ${m.orgId} and f.kind = ${m.kind ?? "media"} and f.breakdown_set = ${m.breakdownSet}${range} and ${levelRank()} >= ${m.minRank}`;
  return sql`select source, level from (select f.source, f.level, ${levelRank()} as r, min(${levelRank()}) over (partition by f.source) as mr
    from ${from}
    group by f.source, f.level) l where r = mr`;
}

/** FROM/WHERE over media rows `f` restricted to the chosen levels of CTE `lvName`, with optional extra joins. */
export function mediaFactsFrom(m: MediaScope, lvName: string, joins: SQL = sql``): SQL {
  const range = m.dates ? sql` and ${m.dates}` : sql``;
  // A semi-join: the CTE's row count is unknown to the planner, and as an inner join it estimated a handful of rows,
  // then nested-looped the exchange rates and index scans over them.
  const inLevels = sql`(f.source, f.level) in (select source, level from ${sql.raw(lvName)})`;
  if (m.from) return sql`${m.from(inLevels)} f ${joins} where true`;
  return sql`${sql.raw(m.table ?? "marketing_facts")} f
    ${joins} where f.org_id = ${m.orgId} and f.kind = ${m.kind ?? "media"} and f.breakdown_set = ${m.breakdownSet}${range} and ${inLevels}`;
}
