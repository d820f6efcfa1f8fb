-- The daily rollup follows marketing_facts in the same statement: statement-level triggers aggregate the transition
-- tables (the rows inserted, the old and new versions of updated rows, the rows deleted) into signed deltas per rollup
-- key and add them; a rollup row whose fact count reaches 0 is deleted. Numeric sums are exact, so the rollup equals a
-- GROUP BY of the facts at every commit, whichever path wrote them (sync COPY merge, upserts, CSV imports, deletes).
CREATE FUNCTION metrics_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
    select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select 1 as sg, * from liftgate_new_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency
    on conflict (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_daily.spend + excluded.spend, revenue = metrics_daily.revenue + excluded.revenue, impressions = metrics_daily.impressions + excluded.impressions, clicks = metrics_daily.clicks + excluded.clicks, conversions = metrics_daily.conversions + excluded.conversions, reach = metrics_daily.reach + excluded.reach, reach_count = metrics_daily.reach_count + excluded.reach_count, video_views = metrics_daily.video_views + excluded.video_views, video_views_count = metrics_daily.video_views_count + excluded.video_views_count, fact_count = metrics_daily.fact_count + excluded.fact_count;
  ELSIF TG_OP = 'UPDATE' THEN
    insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
    select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select 1 as sg, * from liftgate_new_facts union all select -1, * from liftgate_old_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency
    on conflict (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) do update set spend = metrics_daily.spend + excluded.spend, revenue = metrics_daily.revenue + excluded.revenue, impressions = metrics_daily.impressions + excluded.impressions, clicks = metrics_daily.clicks + excluded.clicks, conversions = metrics_daily.conversions + excluded.conversions, reach = metrics_daily.reach + excluded.reach, reach_count = metrics_daily.reach_count + excluded.reach_count, video_views = metrics_daily.video_views + excluded.video_views, video_views_count = metrics_daily.video_views_count + excluded.video_views_count, fact_count = metrics_daily.fact_count + excluded.fact_count;
    delete from metrics_daily where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
  ELSIF TG_OP = 'DELETE' THEN
    -- Update only: when an organization is deleted its rollup rows may already be gone (both cascade).
    update metrics_daily m set spend = m.spend + d.spend, revenue = m.revenue + d.revenue, impressions = m.impressions + d.impressions, clicks = m.clicks + d.clicks, conversions = m.conversions + d.conversions, reach = m.reach + d.reach, reach_count = m.reach_count + d.reach_count, video_views = m.video_views + d.video_views, video_views_count = m.video_views_count + d.video_views_count, fact_count = m.fact_count + d.fact_count
    from (select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select -1 as sg, * from liftgate_old_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency) d
    where m.org_id = d.org_id and m.kind = d.kind and m.breakdown_set = d.breakdown_set and m.date = d.date and m.source = d.source and m.platform = d.platform and m.level = d.level and m.account_id = d.account_id and m.campaign_id = d.campaign_id and m.currency = d.currency;
    delete from metrics_daily where fact_count = 0 and org_id in (select distinct org_id from liftgate_old_facts);
  ELSE
    delete from metrics_daily;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER metrics_daily_on_insert AFTER INSERT ON marketing_facts REFERENCING NEW TABLE AS liftgate_new_facts
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_daily_apply();
--> statement-breakpoint
CREATE TRIGGER metrics_daily_on_update AFTER UPDATE ON marketing_facts REFERENCING OLD TABLE AS liftgate_old_facts NEW TABLE AS liftgate_new_facts
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_daily_apply();
--> statement-breakpoint
CREATE TRIGGER metrics_daily_on_delete AFTER DELETE ON marketing_facts REFERENCING OLD TABLE AS liftgate_old_facts
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_daily_apply();
--> statement-breakpoint
CREATE TRIGGER metrics_daily_on_truncate AFTER TRUNCATE ON marketing_facts
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_daily_apply();
--> statement-breakpoint
insert into metrics_daily (org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency, spend, revenue, impressions, clicks, conversions, reach, reach_count, video_views, video_views_count, fact_count)
  select org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency,
      sum(sg * spend) as spend, sum(sg * revenue) as revenue, sum(sg * impressions) as impressions, sum(sg * clicks) as clicks,
      sum(sg * conversions) as conversions, coalesce(sum(sg * reach), 0) as reach, sum(case when reach is null then 0 else sg end) as reach_count,
      coalesce(sum(sg * video_views), 0) as video_views, sum(case when video_views is null then 0 else sg end) as video_views_count, sum(sg) as fact_count
    from (select 1 as sg, * from marketing_facts) x group by org_id, kind, breakdown_set, date, source, platform, level, account_id, campaign_id, currency;
