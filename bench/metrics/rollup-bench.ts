/**
 * Metrics from the rollups vs from the facts (issue 16): p50 of the three queries compiled three ways by the
 * planner — whole weeks/months from metrics_periods with the ragged days from metrics_daily, metrics_daily alone, and
 * the facts — run interleaved on the same database, on PostgreSQL and on PGlite, in one run. Also says whether the
 * facts path spilled to disk or sorted to aggregate (PostgreSQL's EXPLAIN ANALYZE).
 * Goal: ≤ 30 ms p50 at 1M facts on PostgreSQL, within 3× of that on PGlite.
 *
 *   npx tsx bench/metrics/rollup-bench.ts                          # 100k facts, PGlite only
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres BENCH_FACTS=1000000 npx tsx bench/metrics/rollup-bench.ts
 *   options: BENCH_FACTS (default 100000; 50 campaigns × 20 ads × facts/1000 days), BENCH_RUNS (default 7),
 *   BENCH_ALIGNED=1 (the month and year start on the 1st: the calendar-month and calendar-year wording),
 *   BENCH_DB_PREFIX (default liftgate_bench: the scratch database's name prefix, for helpers sharing a server)
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql, type SQL } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { loadOrgSettings } from "../../src/analytics/calendar/org-settings.js";
import { planMetrics } from "../../src/analytics/metrics/plan.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";
import { addDays, addMonths } from "../../src/dates.js";

const FACTS = Number(process.env.BENCH_FACTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const DAYS = Math.max(1, Math.round(FACTS / 1000)); // 50 campaigns × 20 ads a day, as in the issue
const FIRST = "2023-01-01", LAST = addDays(FIRST, DAYS - 1);

async function openPostgres(adminUrl: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  const name = `${process.env.BENCH_DB_PREFIX ?? "liftgate_bench"}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 2 });
  return { database, drop: async () => { await database.close(); await admin.unsafe(`drop database if exists ${name} with (force)`); await admin.end(); } };
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** p50 of each function, run in turns (one warm-up each first) so a burst of load on a shared machine hits all alike. */
async function timeAll(fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn(); // warm-up: caches and plans
  const out: number[][] = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [j, fn] of fns.entries()) { const t = performance.now(); await fn(); out[j]!.push(performance.now() - t); }
  }
  return out.map(p50);
}

// The three queries over the last year of the data (or all of it when shorter); aligned: the last whole
// calendar month against the one before, and the last twelve whole months.
const ALIGNED = process.env.BENCH_ALIGNED === "1";
const monthEnd = ALIGNED ? addDays(`${LAST.slice(0, 7)}-01`, -1) : LAST;
const yearFrom = ALIGNED ? addMonths(`${monthEnd.slice(0, 7)}-01`, -11) : DAYS > 365 ? addDays(LAST, -363) : FIRST;
const monthFrom = ALIGNED ? `${monthEnd.slice(0, 7)}-01` : addDays(LAST, -29);
const yearTo = ALIGNED ? monthEnd : LAST;
const QUERIES: Record<string, MetricsQuery> = {
  "KPIs by platform, month vs month": {
    measures: ["spend", "revenue", "roas", "cpa", "ctr"], dimensions: ["platform"], dateRange: { from: monthFrom, to: monthEnd }, compareTo: { type: "previousPeriod" },
  },
  "weekly spend + CTR over a year": { measures: ["spend", "ctr"], grain: "week", dateRange: { from: yearFrom, to: yearTo } },
  "top 50 campaigns by ROAS, HAVING": {
    measures: ["spend", "revenue", "roas"], dimensions: ["campaign", "campaignName"], dateRange: { from: yearFrom, to: yearTo },
    having: [{ measure: "spend", operator: "gt", value: 100 }], orderBy: [{ field: "roas", direction: "desc" }], limit: 50,
  },
};

async function benchOne(label: string, database: Database): Promise<void> {
  await migrate(database);
  const org = await createOrganization(database, { name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` });
  const scope = orgScope(database, org.id);
  const t0 = performance.now();
  // Ad-level facts: 50 campaigns × 20 ads a day over four platforms; google in EUR so a quarter of them convert.
  const perDay = 1000, chunkDays = 50;
  for (let d = 0; d < DAYS; d += chunkDays) {
    await database.db.execute(sql`
      insert into marketing_facts (org_id, source, platform, stream, level, date, account_id, campaign_id, ad_group_id, ad_id, spend, impressions, clicks, conversions, revenue, currency)
      select ${org.id}, 'bench-' || p.name, p.name, 'ads', 'ad', ${FIRST}::date + (g / ${perDay})::int, 'acct', 'c' || (g % ${perDay}) / 20, 'g' || (g % ${perDay}) / 20, 'a' || (g % ${perDay}),
        ((g * 7919) % 10000) / 100.0, 1000 + (g % 5000), 10 + (g % 90), (g % 7), ((g * 31) % 50000) / 100.0, p.currency
      from generate_series(${d * perDay}::bigint, ${Math.min(DAYS, d + chunkDays) * perDay - 1}::bigint) g
      cross join lateral (select (array['meta','google','tiktok','klaviyo'])[1 + ((g % ${perDay}) / 20) % 4] as name,
        case when ((g % ${perDay}) / 20) % 4 = 1 then 'EUR' else 'USD' end as currency) p`);
  }
  await database.db.execute(sql`insert into fx_rates (date, base, quote, rate) select d::date, 'EUR', 'USD', 1.05 + (extract(doy from d) % 10) / 100.0
    from generate_series(${FIRST}::date - 40, ${LAST}::date, interval '1 day') d on conflict do nothing`);
  await database.db.execute(sql`insert into ad_entities (org_id, platform, level, external_id, name)
    select ${org.id}, (array['meta','google','tiktok','klaviyo'])[1 + c % 4], 'campaign', 'c' || c, 'Campaign ' || c from generate_series(0, 49) c`);
  // The state autovacuum leaves after a big load on PostgreSQL (statistics and the visibility map for index-only scans).
  await database.db.execute(sql`vacuum analyze`);
  const [{ n, p }] = await queryRows<{ n: number; p: number }>(database.db, sql`select (select count(*) from metrics_daily)::int as n, (select count(*) from metrics_periods)::int as p`);
  console.log(`\n${label}: ${FACTS.toLocaleString()} facts (rollups ${Number(n).toLocaleString()} daily, ${Number(p).toLocaleString()} weekly+monthly rows) loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const st = await loadOrgSettings(scope);
  const shapeOf = async (query: SQL) => {
    if (database.driver !== "postgres") return "";
    const plan = (await queryRows<Record<string, string>>(database.db, sql`explain (analyze, buffers off) ${query}`)).map((x) => Object.values(x)[0]).join("\n");
    return `${/HashAggregate/.test(plan) ? "hash agg" : "no hash agg"}, ${/Disk:|Sort Method: external/.test(plan) ? "SPILLS" : "no spill"}`;
  };
  console.log(`${"query".padEnd(36)} ${"periods p50".padStart(12)} ${"daily p50".padStart(10)} ${"facts p50".padStart(10)} ${"daily/periods".padStart(13)}  plans (periods | facts)`);
  for (const [name, q] of Object.entries(QUERIES)) {
    const page = { offset: 0, limit: q.limit ?? 1000 };
    const viaPeriods = planMetrics(org.id, q, st, page), viaDaily = planMetrics(org.id, q, st, { ...page, periods: false });
    const viaFacts = planMetrics(org.id, q, st, { ...page, rollup: false });
    const results = await Promise.all([viaPeriods, viaDaily, viaFacts].map(async (v) => JSON.stringify(await queryRows(database.db, v.query))));
    const same = results.every((r) => r === results[2]);
    const [pp, d, f] = await timeAll([viaPeriods, viaDaily, viaFacts].map((v) => () => queryRows(database.db, v.query)));
    const read = viaPeriods.period ?? "days only";
    console.log(`${name.padEnd(36)} ${pp!.toFixed(1).padStart(9)} ms ${d!.toFixed(1).padStart(7)} ms ${f!.toFixed(1).padStart(7)} ms ${(d! / pp!).toFixed(2).padStart(12)}×  `
      + `${read}: ${await shapeOf(viaPeriods.query)} | ${await shapeOf(viaFacts.query)}${same ? "" : "  RESULTS DIFFER"}`);
  }
}

const url = process.env.BENCH_DATABASE_URL;
if (url) {
  const pg = await openPostgres(url);
  try { await benchOne("PostgreSQL", pg.database); } finally { await pg.drop(); }
}
const lite = await openDatabase({});
try { await benchOne("PGlite", lite); } finally { await lite.close(); }
console.log(`\np50 of ${RUNS} interleaved runs after one warm-up; ranges ${ALIGNED ? "aligned to calendar months" : "ending on the last day of data"}; goal at 1M facts: ≤ 30 ms on PostgreSQL, ≤ 90 ms on PGlite.`);
