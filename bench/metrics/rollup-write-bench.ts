/**
 * What keeping the rollups costs the writes (issue 16): the same facts inserted, then all restated (UPDATE), in 10k-row
 * statements (a sync chunk's size) with the trigger function swapped between no rollups, metrics_daily only,
 * metrics_daily + metrics_periods (migration 0010, the shipped one) and 0009's function, in turns on one PostgreSQL
 * database, so load on a shared machine hits all alike. Prints the median of the rounds, the ratio to no rollups, and
 * the time spent in the trigger itself (EXPLAIN ANALYZE reports it per statement), which load blurs less.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres npx tsx bench/metrics/rollup-write-bench.ts
 *   options: BENCH_FACTS (default 100000), BENCH_ROUNDS (default 3), BENCH_DB_PREFIX (default liftgate_bench)
 */
import "reflect-metadata";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";

const FACTS = Number(process.env.BENCH_FACTS ?? 100_000), ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3), CHUNK = 10_000;
const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) throw new Error("set BENCH_DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database)");

// The functions to compare, cut from the migrations: from a CREATE to the end of its body.
const migration = (file: string) => readFileSync(new URL(`../../drizzle/${file}`, import.meta.url), "utf8");
const cut = (text: string, start: string, end: string) => { const i = text.indexOf(start); return text.slice(i, text.indexOf(end, i) + end.length); };
const m10 = migration("0010_metrics_rollups_one_statement.sql");
const apply = cut(m10, "CREATE OR REPLACE FUNCTION metrics_daily_apply", "END $fn$;");
// Daily only: the same function without the statement's metrics_periods part and without its delete.
const p = apply.indexOf("  p as (insert into metrics_periods"), daily = apply.indexOf("  insert into metrics_daily", p);
const applyDailyOnly = (apply.slice(0, p).trimEnd().replace(/,$/, "\n") + apply.slice(daily)).replace(/\s*delete from metrics_periods where[^;]*;/, "");
const VARIANTS: Record<string, string[]> = {
  "no rollups": ["CREATE OR REPLACE FUNCTION metrics_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"],
  "daily only": [applyDailyOnly],
  "daily + periods (0010)": [apply],
  "daily + periods (0009)": [cut(migration("0009_metrics_periods.sql"), "CREATE OR REPLACE FUNCTION metrics_daily_apply", "END $$;")],
};

const name = `${process.env.BENCH_DB_PREFIX ?? "liftgate_bench"}_${randomBytes(4).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), max: 1 });
await migrate(database);
await database.close();
const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  const [{ id: org }] = await db`insert into organizations (name, slug) values ('w', 'w') returning id`;
  const times: Record<string, { insert: number[]; update: number[]; trigger: number[] }> = {};
  // Runs a statement under EXPLAIN ANALYZE and returns the ms its triggers took.
  const run = async (statement: string) => {
    const plan = (await db.unsafe(`explain (analyze) ${statement}`)).map((r) => Object.values(r)[0] as string).join("\n");
    return [...plan.matchAll(/Trigger metrics_daily_on_\w+: time=([\d.]+)/g)].reduce((s, m) => s + Number(m[1]), 0);
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [variant, defs] of Object.entries(VARIANTS)) {
      await db.unsafe("truncate marketing_facts, metrics_daily, metrics_periods");
      for (const d of defs) await db.unsafe(d);
      let t = performance.now(), trigger = 0;
      for (let g0 = 0; g0 < FACTS; g0 += CHUNK) {
        trigger += await run(`insert into marketing_facts (org_id, source, platform, stream, level, date, account_id, campaign_id, ad_group_id, ad_id, spend, impressions, clicks, conversions, revenue, currency)
          select '${org}', 'bench-' || p.name, p.name, 'ads', 'ad', '2023-01-01'::date + (g / 1000)::int, 'acct', 'c' || (g % 1000) / 20, 'g' || (g % 1000) / 20, 'a' || (g % 1000),
            ((g * 7919) % 10000) / 100.0, 1000 + (g % 5000), 10 + (g % 90), (g % 7), ((g * 31) % 50000) / 100.0, p.currency
          from generate_series(${g0}::bigint, ${Math.min(FACTS, g0 + CHUNK) - 1}::bigint) g
          cross join lateral (select (array['meta','google','tiktok','klaviyo'])[1 + ((g % 1000) / 20) % 4] as name,
            case when ((g % 1000) / 20) % 4 = 1 then 'EUR' else 'USD' end as currency) p`);
      }
      const insert = performance.now() - t;
      t = performance.now();
      // A restatement of every fact, ten days (10k facts) per statement.
      for (let d = 0; d < FACTS / 1000; d += 10) {
        trigger += await run(`update marketing_facts set spend = spend + 1 where org_id = '${org}' and date >= '2023-01-01'::date + ${d} and date < '2023-01-01'::date + ${d + 10}`);
      }
      const update = performance.now() - t;
      (times[variant] ??= { insert: [], update: [], trigger: [] }).insert.push(insert);
      times[variant]!.update.push(update);
      times[variant]!.trigger.push(trigger);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const none = times["no rollups"]!;
  console.log(`${FACTS.toLocaleString()} facts in ${CHUNK.toLocaleString()}-row statements, median of ${ROUNDS} interleaved rounds`);
  for (const [variant, t] of Object.entries(times)) {
    console.log(`${variant.padEnd(24)} insert ${(med(t.insert) / 1000).toFixed(2)} s (${(med(t.insert) / med(none.insert)).toFixed(2)}×)   `
      + `restate ${(med(t.update) / 1000).toFixed(2)} s (${(med(t.update) / med(none.update)).toFixed(2)}×)   in the trigger ${(med(t.trigger) / 1000).toFixed(2)} s`);
  }
} finally {
  await db.end();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
