import { sql, type SQL } from "drizzle-orm";

/** Rank of a fact's level, coarse to fine: account 0, campaign 1, ad group 2, ad 3. */
export const levelRank = (alias = "f"): SQL =>
  sql.raw(`(case ${alias}.level when 'account' then 0 when 'campaign' then 1 when 'ad_group' then 2 else 3 end)`);

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
}

/**
 * The one level each source contributes: the coarsest level it has that is at least as fine as the
 * query needs, so a source that writes both campaign and ad rows is never counted twice
 * (DESIGN.md "Facts rules"). A CTE body with columns (source, r).
 */
export function chosenLevels(m: MediaScope): SQL {
  const range = m.dates ? sql` and ${m.dates}` : sql``;
  return sql`select f.source, min(${levelRank()}) as r from marketing_facts f
    where f.org_id = ${m.orgId} and f.kind = ${m.kind ?? "media"} and f.breakdown_set = ${m.breakdownSet}${range} and ${levelRank()} >= ${m.minRank}
    group by f.source`;
}

/** FROM/WHERE over media facts `f` restricted to the chosen levels of CTE `lvName`, with optional extra joins. */
export function mediaFactsFrom(m: MediaScope, lvName: string, joins: SQL = sql``): SQL {
  const range = m.dates ? sql` and ${m.dates}` : sql``;
  return sql`marketing_facts f join ${sql.raw(lvName)} on ${sql.raw(lvName)}.source = f.source and ${sql.raw(lvName)}.r = ${levelRank()}
    ${joins} where f.org_id = ${m.orgId} and f.kind = ${m.kind ?? "media"} and f.breakdown_set = ${m.breakdownSet}${range}`;
}
