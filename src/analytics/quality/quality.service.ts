import { sql, type SQL } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
import type { OrgScope } from "../../db/scope.js";
import { assertRange } from "../calendar/calendar.service.js";
import { loadOrgSettings } from "../calendar/org-settings.js";
import { FACT_RULES, missingRateRule, type FactRule } from "./fact-rules.js";
import type { QualityOptions, QualityReport, RuleResult } from "./quality.types.js";
import { scheduleIntervalMs } from "./schedule.js";
import { isUuid } from "../../db/node-lookup.js";

const EXAMPLES = 5;
// A scheduled run may be queued or in progress: a connection is stale after 1.5 intervals without a success.
const STALE_GRACE = 1.5;

const result = (r: Omit<RuleResult, "score">): RuleResult => ({ ...r, score: r.checked === 0 ? 1 : Math.round((1 - r.failed / r.checked) * 1e4) / 1e4 });

function factScope(scope: OrgScope, o: QualityOptions): SQL {
  const conn = o.connectionId ? sql` and f.source = ${o.connectionId}` : sql``;
  return sql`f.org_id = ${scope.orgId} and f.date between ${o.dateRange.from} and ${o.dateRange.to}${conn}`;
}

/**
 * Every fact rule counted in one scan of the range (a filtered count per rule: one scan each cost more than the rest of
 * the report, bench/sync); examples are read only for the rules that fail.
 */
async function runFactRules(scope: OrgScope, o: QualityOptions, rules: FactRule[]): Promise<RuleResult[]> {
  const counts = rules.flatMap((r, i) => {
    const failing = r.appliesTo ? sql`${r.appliesTo} and ${r.failing}` : r.failing;
    return [sql`(count(*) filter (where ${r.appliesTo ?? sql`true`}))::int as ${sql.raw(`c${i}`)}`, sql`(count(*) filter (where ${failing}))::int as ${sql.raw(`f${i}`)}`];
  });
  const [row] = await queryRows<Record<string, number>>(scope.db, sql`select ${sql.join(counts, sql`, `)} from marketing_facts f where ${factScope(scope, o)}`);
  const out: RuleResult[] = [];
  for (const [i, r] of rules.entries()) {
    const checked = Number(row![`c${i}`]), failed = Number(row![`f${i}`]);
    const where = r.appliesTo ? sql`${factScope(scope, o)} and ${r.appliesTo}` : factScope(scope, o);
    const examples = failed > 0
      ? await queryRows<Record<string, unknown>>(scope.db, sql`select ${r.example} from marketing_facts f where ${where} and ${r.failing} order by f.date, f.id limit ${EXAMPLES}`)
      : [];
    out.push(result({ rule: r.rule, severity: r.severity, description: r.description, checked, failed, examples }));
  }
  return out;
}

/** Campaign-days missing between a campaign's first and last day with facts in the range, per source and stream. */
async function completeness(scope: OrgScope, o: QualityOptions): Promise<RuleResult> {
  const base = sql`with live as (
      select f.source, f.stream, f.platform, f.campaign_id, min(f.date) as a, max(f.date) as b, count(distinct f.date)::int as seen
      from marketing_facts f where ${factScope(scope, o)} and f.kind = 'media' and f.campaign_id <> '' group by 1, 2, 3, 4)`;
  const [c] = await queryRows<{ checked: number; failed: number }>(scope.db, sql`${base}
    select coalesce(sum(b - a + 1), 0)::int as checked, coalesce(sum((b - a + 1) - seen), 0)::int as failed from live`);
  const examples = Number(c!.failed) > 0 ? await queryRows<Record<string, unknown>>(scope.db, sql`${base}
    select live.platform, live.campaign_id as campaign, live.stream, d::date::text as date
    from live cross join generate_series(live.a::timestamp, live.b::timestamp, interval '1 day') d
    where not exists (select 1 from marketing_facts f where ${factScope(scope, o)} and f.source = live.source and f.stream = live.stream
      and f.campaign_id = live.campaign_id and f.date = d::date)
    order by 4, 2 limit ${EXAMPLES}`) : [];
  return result({
    rule: "completeness", severity: "error", description: "Days with no facts for a campaign that has facts before and after them (it was live).",
    checked: Number(c!.checked), failed: Number(c!.failed), examples,
  });
}

/** The same delivery row (platform, stream, day, ids, breakdown) loaded by more than one source: metrics would count it twice. */
async function duplicates(scope: OrgScope, o: QualityOptions): Promise<RuleResult> {
  // A key is a duplicate when several sources loaded it, so the grouping spans every source of the org: scoped to one
  // connection, it checks that connection's keys (`mine`) against the others' (facts are unique per source and key,
  // so grouping that connection's facts alone could never find one).
  const mine = o.connectionId ? sql`bool_or(f.source = ${o.connectionId})` : sql`true`;
  const base = sql`with k as (select f.platform, f.stream, f.date, f.account_id, f.campaign_id, f.ad_group_id, f.ad_id, f.breakdown_key,
      count(*)::int as n, string_agg(f.source, ',' order by f.source) as sources, ${mine} as mine
    from marketing_facts f where ${factScope(scope, { ...o, connectionId: undefined })} group by 1, 2, 3, 4, 5, 6, 7, 8)`;
  const [c] = await queryRows<{ checked: number; failed: number }>(scope.db, sql`${base} select (count(*) filter (where mine))::int as checked, (count(*) filter (where mine and n > 1))::int as failed from k`);
  const examples = Number(c!.failed) > 0 ? await queryRows<Record<string, unknown>>(scope.db, sql`${base}
    select platform, stream, date::text as date, campaign_id as campaign, ad_id as ad, sources from k where mine and n > 1 order by date, campaign_id limit ${EXAMPLES}`) : [];
  return result({ rule: "duplicate_keys", severity: "error", description: "One fact key loaded by several sources (e.g. two connections to one ad account).", checked: Number(c!.checked), failed: Number(c!.failed), examples });
}

/** Scheduled connections without a successful sync within their schedule. */
async function stale(scope: OrgScope, o: QualityOptions): Promise<RuleResult> {
  // An id that is not a UUID names no connection (and must not reach the uuid column).
  const conn = o.connectionId ? (isUuid(o.connectionId) ? sql` and id = ${o.connectionId}` : sql` and false`) : sql``;
  const rows = await queryRows<{ id: string; name: string; schedule: string | null; last_success_at: string | Date | null }>(scope.db, sql`
    select id::text as id, name, schedule, last_success_at from connections where org_id = ${scope.orgId} and status = 'active' and schedule is not null${conn} order by name`);
  const now = (o.now ?? new Date()).getTime();
  const checked = rows.filter((r) => scheduleIntervalMs(r.schedule) !== null);
  const failing = checked.filter((r) => !r.last_success_at || now - new Date(r.last_success_at).getTime() > STALE_GRACE * scheduleIntervalMs(r.schedule)!);
  return result({
    rule: "stale_connections", severity: "error", description: "Scheduled connections with no successful sync within 1.5 schedule intervals.",
    checked: checked.length, failed: failing.length,
    examples: failing.slice(0, EXAMPLES).map((r) => ({ connectionId: r.id, name: r.name, schedule: r.schedule, lastSuccessAt: r.last_success_at ? new Date(r.last_success_at).toISOString() : null })),
  });
}

/** Run every data quality rule over the org's facts in a date range (optionally one connection's). */
export async function runQualityChecks(scope: OrgScope, o: QualityOptions): Promise<QualityReport> {
  assertRange(o.dateRange.from, o.dateRange.to);
  const st = await loadOrgSettings(scope);
  const rules: RuleResult[] = [
    await completeness(scope, o), await duplicates(scope, o),
    ...await runFactRules(scope, o, [...FACT_RULES, missingRateRule(st.reportingCurrency, scope.orgId)]),
    await stale(scope, o),
  ];
  const weight = (r: RuleResult) => (r.severity === "error" ? 2 : 1);
  const score = rules.reduce((s, r) => s + r.score * weight(r), 0) / rules.reduce((s, r) => s + weight(r), 0);
  return { dateRange: o.dateRange, connectionId: o.connectionId ?? null, generatedAt: (o.now ?? new Date()).toISOString(), score: Math.round(score * 1e4) / 1e4, rules };
}
