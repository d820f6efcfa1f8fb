CREATE TABLE "metrics_periods" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"breakdown_set" text NOT NULL,
	"period" text NOT NULL,
	"date" date NOT NULL,
	"source" text NOT NULL,
	"platform" text NOT NULL,
	"level" text NOT NULL,
	"account_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"currency" text NOT NULL,
	"spend" numeric NOT NULL,
	"revenue" numeric NOT NULL,
	"impressions" bigint NOT NULL,
	"clicks" bigint NOT NULL,
	"conversions" numeric NOT NULL,
	"reach" bigint NOT NULL,
	"reach_count" integer NOT NULL,
	"video_views" bigint NOT NULL,
	"video_views_count" integer NOT NULL,
	"fact_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metrics_periods" ADD CONSTRAINT "metrics_periods_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "metrics_periods_key_idx" ON "metrics_periods" USING btree ("org_id","kind","breakdown_set","period","date","source","platform","level","account_id","campaign_id","currency");--> statement-breakpoint
CREATE INDEX "metrics_periods_empty_idx" ON "metrics_periods" USING btree ("org_id") WHERE fact_count = 0;--> statement-breakpoint
-- metrics_periods follows marketing_facts with metrics_daily: each branch of the trigger function computes the
-- statement's signed deltas per day once (d), adds them to metrics_daily and, summed per week and per month, to
-- metrics_periods, in one statement; rows whose fact count reaches 0 are deleted from both.
CREATE OR REPLACE FUNCTION metrics_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    with d as materialized (select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select 1 as sg, * from liftgate_new_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency),
    p as (insert into metrics_periods (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
      select d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency, sum(d.spend) as spend, sum(d.revenue) as revenue, sum(d.impressions) as impressions, sum(d.clicks) as clicks, sum(d.conversions) as conversions, sum(d.reach) as reach, sum(d.reach_count) as reach_count, sum(d.video_views) as video_views, sum(d.video_views_count) as video_views_count, sum(d.fact_count) as fact_count
      from d cross join lateral (values ('week', d.date - (extract(isodow from d.date)::int - 1)), ('month', date_trunc('month', d.date)::date)) g(period, date)
      group by d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency
      on conflict (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_periods.spend + excluded.spend, revenue = metrics_periods.revenue + excluded.revenue, impressions = metrics_periods.impressions + excluded.impressions, clicks = metrics_periods.clicks + excluded.clicks, conversions = metrics_periods.conversions + excluded.conversions, reach = metrics_periods.reach + excluded.reach, reach_count = metrics_periods.reach_count + excluded.reach_count, video_views = metrics_periods.video_views + excluded.video_views, video_views_count = metrics_periods.video_views_count + excluded.video_views_count, fact_count = metrics_periods.fact_count + excluded.fact_count)
    insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count) select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count from d
    on conflict (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_daily.spend + excluded.spend, revenue = metrics_daily.revenue + excluded.revenue, impressions = metrics_daily.impressions + excluded.impressions, clicks = metrics_daily.clicks + excluded.clicks, conversions = metrics_daily.conversions + excluded.conversions, reach = metrics_daily.reach + excluded.reach, reach_count = metrics_daily.reach_count + excluded.reach_count, video_views = metrics_daily.video_views + excluded.video_views, video_views_count = metrics_daily.video_views_count + excluded.video_views_count, fact_count = metrics_daily.fact_count + excluded.fact_count;
  ELSIF TG_OP = 'UPDATE' THEN
    with d as materialized (select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select 1 as sg, * from liftgate_new_facts union all select -1, * from liftgate_old_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency),
    p as (insert into metrics_periods (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
      select d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency, sum(d.spend) as spend, sum(d.revenue) as revenue, sum(d.impressions) as impressions, sum(d.clicks) as clicks, sum(d.conversions) as conversions, sum(d.reach) as reach, sum(d.reach_count) as reach_count, sum(d.video_views) as video_views, sum(d.video_views_count) as video_views_count, sum(d.fact_count) as fact_count
      from d cross join lateral (values ('week', d.date - (extract(isodow from d.date)::int - 1)), ('month', date_trunc('month', d.date)::date)) g(period, date)
      group by d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency
      on conflict (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_periods.spend + excluded.spend, revenue = metrics_periods.revenue + excluded.revenue, impressions = metrics_periods.impressions + excluded.impressions, clicks = metrics_periods.clicks + excluded.clicks, conversions = metrics_periods.conversions + excluded.conversions, reach = metrics_periods.reach + excluded.reach, reach_count = metrics_periods.reach_count + excluded.reach_count, video_views = metrics_periods.video_views + excluded.video_views, video_views_count = metrics_periods.video_views_count + excluded.video_views_count, fact_count = metrics_periods.fact_count + excluded.fact_count)
    insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count) select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count from d
    on conflict (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_daily.spend + excluded.spend, revenue = metrics_daily.revenue + excluded.revenue, impressions = metrics_daily.impressions + excluded.impressions, clicks = metrics_daily.clicks + excluded.clicks, conversions = metrics_daily.conversions + excluded.conversions, reach = metrics_daily.reach + excluded.reach, reach_count = metrics_daily.reach_count + excluded.reach_count, video_views = metrics_daily.video_views + excluded.video_views, video_views_count = metrics_daily.video_views_count + excluded.video_views_count, fact_count = metrics_daily.fact_count + excluded.fact_count;
    delete from metrics_daily where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
    delete from metrics_periods where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
  ELSIF TG_OP = 'DELETE' THEN
    -- Update only: when an organization is deleted its rollup rows may already be gone (both cascade).
    with d as materialized (select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select -1 as sg, * from liftgate_old_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency),
    p as (update metrics_periods m set spend = m.spend + pd.spend, revenue = m.revenue + pd.revenue, impressions = m.impressions + pd.impressions, clicks = m.clicks + pd.clicks, conversions = m.conversions + pd.conversions, reach = m.reach + pd.reach, reach_count = m.reach_count + pd.reach_count, video_views = m.video_views + pd.video_views, video_views_count = m.video_views_count + pd.video_views_count, fact_count = m.fact_count + pd.fact_count
      from (select d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency, sum(d.spend) as spend, sum(d.revenue) as revenue, sum(d.impressions) as impressions, sum(d.clicks) as clicks, sum(d.conversions) as conversions, sum(d.reach) as reach, sum(d.reach_count) as reach_count, sum(d.video_views) as video_views, sum(d.video_views_count) as video_views_count, sum(d.fact_count) as fact_count
      from d cross join lateral (values ('week', d.date - (extract(isodow from d.date)::int - 1)), ('month', date_trunc('month', d.date)::date)) g(period, date)
      group by d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency) pd where m.org_id = pd.org_id and m.kind = pd.kind and m.breakdown_set = pd.breakdown_set and m.period = pd.period and m.date = pd.date and m.source = pd.source and m.platform = pd.platform and m.level = pd.level and m.account_id = pd.account_id and m.campaign_id = pd.campaign_id and m.currency = pd.currency)
    update metrics_daily m set spend = m.spend + d.spend, revenue = m.revenue + d.revenue, impressions = m.impressions + d.impressions, clicks = m.clicks + d.clicks, conversions = m.conversions + d.conversions, reach = m.reach + d.reach, reach_count = m.reach_count + d.reach_count, video_views = m.video_views + d.video_views, video_views_count = m.video_views_count + d.video_views_count, fact_count = m.fact_count + d.fact_count from d where m.org_id = d.org_id and m.kind = d.kind and m.breakdown_set = d.breakdown_set and m.date = d.date and m.source = d.source and m.platform = d.platform and m.level = d.level and m.account_id = d.account_id and m.campaign_id = d.campaign_id and m.currency = d.currency;
    delete from metrics_daily where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
    delete from metrics_periods where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
  ELSE
    delete from metrics_daily;
    delete from metrics_periods;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
insert into metrics_periods (org_id, kind, breakdown_set, period, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
  select d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency, sum(d.spend) as spend, sum(d.revenue) as revenue, sum(d.impressions) as impressions, sum(d.clicks) as clicks, sum(d.conversions) as conversions, sum(d.reach) as reach, sum(d.reach_count) as reach_count, sum(d.video_views) as video_views, sum(d.video_views_count) as video_views_count, sum(d.fact_count) as fact_count
      from metrics_daily d cross join lateral (values ('week', d.date - (extract(isodow from d.date)::int - 1)), ('month', date_trunc('month', d.date)::date)) g(period, date)
      group by d.org_id, d.kind, d.breakdown_set, g.period, g.date, d.source, d.platform, d.level, d.account_id, d.campaign_id, d.currency;
