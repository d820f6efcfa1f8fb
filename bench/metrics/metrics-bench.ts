/**
 * Metrics latency: p50 of three representative queries through GraphQL over HTTP, beside the very
 * SQL statement the planner compiles run directly on the same database, in the same run.
 * Goal (issue 6): GraphQL ≤ 1.3 × direct SQL.
 *
 *   npx tsx bench/metrics/metrics-bench.ts                 # embedded PGlite
 *   npx tsx bench/metrics/metrics-bench.ts --url postgres://postgres@127.0.0.1:5433/postgres
 *   options: --facts 1000000 --runs 7
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import http from "node:http";
import { Writable } from "node:stream";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { serveApp } from "../../src/index.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { loadOrgSettings } from "../../src/analytics/calendar/org-settings.js";
import { ensureCalendar } from "../../src/analytics/calendar/calendar.service.js";
import { planMetrics } from "../../src/analytics/metrics/plan.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";

const { values: opts } = parseArgs({ options: { url: { type: "string" }, facts: { type: "string", default: "1000000" }, runs: { type: "string", default: "7" } } });
const FACTS = Number(opts.facts), RUNS = Number(opts.runs);
const CAMPAIGNS = 1370; // × 730 days ≈ 1,000,000 facts

async function openBenchDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!opts.url) return { database: await openDatabase({}), drop: async () => {} };
  const name = `liftgate_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(opts.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(opts.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), max: 10 });
  return { database, drop: async () => { await admin.unsafe(`drop database if exists ${name} with (force)`); await admin.end(); } };
}

// A fresh connection per request: PGlite runs on this thread, so a long query can outlast the server's
// keep-alive timeout and a reused socket would be reset.
function post(url: string, key: string, body: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json", authorization: `Bearer ${key}` } }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c)).on("end", () => resolve(JSON.parse(text))).on("error", reject);
    });
    req.on("error", reject).end(body);
  });
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up: caches, plans, JIT
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) { const t = performance.now(); await fn(); out.push(performance.now() - t); }
  return out;
}

const { database, drop } = await openBenchDatabase();
await migrate(database);
const org = await createOrganization(database, { name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` });
const scope = orgScope(database, org.id);
let t0 = performance.now();
// Four platforms; google spends in EUR so conversion runs on a quarter of the facts.
await database.db.execute(sql`
  insert into marketing_facts (org_id, source, platform, stream, level, date, account_id, campaign_id, spend, impressions, clicks, conversions, revenue, currency)
  select ${org.id}, 'bench', p.name, 'campaigns', 'campaign', date '2023-01-01' + (g / ${CAMPAIGNS})::int, 'acct', 'c' || (g % ${CAMPAIGNS}),
    ((g * 7919) % 10000) / 100.0, 1000 + (g % 5000), 10 + (g % 90), (g % 7), ((g * 31) % 50000) / 100.0, p.currency
  from generate_series(0::bigint, ${FACTS - 1}) g
  cross join lateral (select (array['meta','google','tiktok','klaviyo'])[1 + (g % ${CAMPAIGNS}) % 4] as name,
    case when (g % ${CAMPAIGNS}) % 4 = 1 then 'EUR' else 'USD' end as currency) p`);
await database.db.execute(sql`insert into fx_rates (date, base, quote, rate) select d::date, 'EUR', 'USD', 1.05 + (extract(doy from d) % 10) / 100.0
  from generate_series(date '2022-12-01', date '2025-01-31', interval '1 day') d on conflict do nothing`);
await database.db.execute(sql`insert into ad_entities (org_id, platform, level, external_id, name)
  select ${org.id}, (array['meta','google','tiktok','klaviyo'])[1 + c % 4], 'campaign', 'c' || c, 'Campaign ' || c from generate_series(0, ${CAMPAIGNS - 1}) c`);
await database.db.execute(sql`analyze`);
console.log(`loaded ${FACTS.toLocaleString()} facts on ${database.driver} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const QUERIES: Record<string, MetricsQuery> = {
  "platform KPIs, month vs previous": {
    measures: ["spend", "revenue", "roas", "cpa"], dimensions: ["platform"], dateRange: { from: "2024-06-01", to: "2024-06-30" }, compareTo: { type: "previousPeriod" },
  },
  "weekly spend/ctr over a year": { measures: ["spend", "impressions", "ctr"], grain: "week", dateRange: { from: "2024-01-01", to: "2024-12-29" } },
  "top 50 campaigns by spend, named, HAVING": {
    measures: ["spend", "conversions", "cpa"], dimensions: ["campaign", "campaignName"], dateRange: { from: "2024-01-01", to: "2024-03-31" },
    having: [{ measure: "spend", operator: "gt", value: 100 }], orderBy: [{ field: "spend", direction: "desc" }], limit: 50,
  },
};

const config = loadConfig({ NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", LIFTGATE_SCHEDULER: "false" } as Record<string, string>);
const gateway = await serveApp({ config, database, logger: createLogger("warn", new Writable({ write: (_c, _e, cb) => cb() })), events: createEventBus(), jobs: createLocalJobQueue(() => {}) });
const { secret } = await createApiKey(scope, { name: "bench", role: "viewer" });
// The fields a BI tool would read for QUERIES (rows and totals are typed; a field the query did not ask for is null).
const MEASURES = "spend revenue roas cpa conversions impressions ctr";
const DOC = `query($q: MetricsQueryInput!) { metrics(query: $q) { rows { platform campaign campaignName date period ${MEASURES} spendCompared roasCompared } totals { ${MEASURES} } totalCount pageInfo { hasNextPage endCursor } missingRates { currency } } }`;
const st = await loadOrgSettings(scope);
await ensureCalendar(scope, "2023-01-01", "2024-12-31", st);

console.log(`\n${"query".padEnd(42)} ${"GraphQL p50".padStart(12)} ${"SQL p50".padStart(10)} ${"ratio".padStart(6)}`);
const ratios: number[] = [];
for (const [name, q] of Object.entries(QUERIES)) {
  const plan = planMetrics(org.id, q, st, { offset: 0, limit: q.limit ?? 1000 });
  const direct = await time(() => queryRows(database.db, plan.query));
  const viaGraphql = await time(async () => {
    const body = (await post(gateway.server.url, secret, JSON.stringify({ query: DOC, variables: { q } }))) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  });
  const service = await time(() => runMetrics(scope, q));
  const ratio = p50(viaGraphql) / p50(direct);
  ratios.push(ratio);
  console.log(`${name.padEnd(42)} ${p50(viaGraphql).toFixed(1).padStart(9)} ms ${p50(direct).toFixed(1).padStart(7)} ms ${ratio.toFixed(2).padStart(5)}×   (service call ${p50(service).toFixed(1)} ms)`);
}
console.log(`\nworst ratio ${Math.max(...ratios).toFixed(2)}× (goal ≤ 1.30×), ${RUNS} runs each after one warm-up, ${database.driver}`);
// Stopping the gateway also closes the database.
await gateway.stop();
await drop();
