CREATE INDEX "metrics_daily_currency_idx" ON "metrics_daily" USING btree ("org_id","kind","breakdown_set","currency","date");--> statement-breakpoint
-- Both rollups are kept by one statement (0009 repeated it in each branch): the statement's signed deltas (facts added
-- count +1, facts removed −1) summed per day once (d), added to metrics_daily and, summed per ISO week and per month, to
-- metrics_periods. Each operation passes only its source of deltas; then rows whose fact count reached 0 are deleted.
-- EXECUTE rather than a SQL function taking the deltas as arrays of marketing_facts: building and unnesting those
-- arrays made the trigger 1.3–2× slower (bench/metrics/rollup-write-bench.ts); transition tables are visible only to
-- statements the trigger function itself runs.
CREATE OR REPLACE FUNCTION metrics_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  upsert constant text := $q$with d as materialized (select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from %s x
    group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency),
  p as (insert into metrics_periods (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
    select d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency, sum(d.spend), sum(d.revenue), sum(d.impressions), sum(d.clicks), sum(d.conversions), sum(d.reach), sum(d.reach_count), sum(d.video_views), sum(d.video_views_count), sum(d.fact_count)
    from d cross join lateral (values ('week', d.date - (extract(isodow from d.date)::int - 1)), ('month', date_trunc('month', d.date)::date)) g(period, date)
    group by d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency
    on conflict (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_periods.spend + excluded.spend, revenue = metrics_periods.revenue + excluded.revenue, impressions = metrics_periods.impressions + excluded.impressions, clicks = metrics_periods.clicks + excluded.clicks, conversions = metrics_periods.conversions + excluded.conversions, reach = metrics_periods.reach + excluded.reach, reach_count = metrics_periods.reach_count + excluded.reach_count, video_views = metrics_periods.video_views + excluded.video_views, video_views_count = metrics_periods.video_views_count + excluded.video_views_count, fact_count = metrics_periods.fact_count + excluded.fact_count)
  insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
    select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count from d
    on conflict (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_daily.spend + excluded.spend, revenue = metrics_daily.revenue + excluded.revenue, impressions = metrics_daily.impressions + excluded.impressions, clicks = metrics_daily.clicks + excluded.clicks, conversions = metrics_daily.conversions + excluded.conversions, reach = metrics_daily.reach + excluded.reach, reach_count = metrics_daily.reach_count + excluded.reach_count, video_views = metrics_daily.video_views + excluded.video_views, video_views_count = metrics_daily.video_views_count + excluded.video_views_count, fact_count = metrics_daily.fact_count + excluded.fact_count$q$;
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format(upsert, '(select 1 as sg, * from liftgate_new_facts)');
  ELSIF TG_OP = 'UPDATE' THEN
    EXECUTE format(upsert, '(select 1 as sg, * from liftgate_new_facts union all select -1, * from liftgate_old_facts)');
  ELSIF TG_OP = 'DELETE' THEN
    -- When an organization is deleted its facts and rollup rows both cascade, in either order: skip its rows, so the
    -- upsert cannot re-create what the cascade removed.
    EXECUTE format(upsert, '(select -1 as sg, o.* from liftgate_old_facts o where exists (select 1 from organizations g where g.id = o.org_id))');
  ELSE
    delete from metrics_daily;
    delete from metrics_periods;
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    delete from metrics_daily where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
    delete from metrics_periods where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
  END IF;
  RETURN NULL;
END $fn$;
