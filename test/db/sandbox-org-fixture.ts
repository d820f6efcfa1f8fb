import { upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../../src/db/facts.js";
import type { Database } from "../../src/db/client.js";
import { attributionModels, attributionResults, connections, experimentResults, experiments, marketingEvents, syncRuns } from "../../src/db/tables/index.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { createWorld, type PlatformId } from "../../src/plugins/sandbox/world.js";
import { newDemoWorldOptions } from "../../src/demo/demo-world.js";
import { eachDay } from "../../src/dates.js";

/** First and last day of the fixture's facts (today is 2026-12-03 in the question sets). */
export const FACTS_FROM = "2026-06-01";
export const FACTS_TO = "2026-12-02";
const PLATFORMS: PlatformId[] = ["meta", "google_ads", "tiktok", "klaviyo"];
const PLUGIN: Record<string, [string, string]> = { meta: ["meta-ads", "Sandbox Meta Ads"], google_ads: ["google-ads", "Sandbox Google Ads"], tiktok: ["tiktok-ads", "Sandbox TikTok Ads"] };

/** A deterministic number in [0, 1) from a string (the same fixture on every run and database). */
const unit = (s: string) => { let h = 2166136261; for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619); return ((h >>> 0) % 10007) / 10007; };

/**
 * The sandbox org as an analyst sees it: the demo world's accounts, campaigns, ad sets and ads (same names),
 * a half year of daily ad facts (Klaviyo with revenue but no spend; paused campaigns stop delivering),
 * a ready MMM and an MTA model, three analysed geo holdouts and an A/B test, and three sync runs.
 * `models: false` leaves models and experiments out (for the refusals).
 */
export async function seedSandboxOrg(database: Database, opts: { slug: string; models?: boolean; days?: number }) {
  const org = await createOrganization(database, { name: `Sandbox ${opts.slug}`, slug: opts.slug, reportingCurrency: "USD", timezone: "America/New_York", country: "US" });
  const db = database.db;
  const world = createWorld(newDemoWorldOptions(new Date("2026-12-03T12:00:00Z")));
  const entities: EntityRow[] = [];
  const facts: FactRow[] = [];
  const days = [...eachDay(FACTS_FROM, FACTS_TO)].slice(-(opts.days ?? 1000));
  for (const p of PLATFORMS) {
    const v = world.platform(p);
    for (const a of v.accounts()) entities.push({ platform: p, level: "account", externalId: a.id, name: a.name, currency: "USD" });
    for (const c of v.campaigns()) {
      entities.push({ platform: p, level: "campaign", externalId: c.id, parentExternalId: c.accountId, accountExternalId: c.accountId, name: c.name, status: c.status, objective: c.objective });
      for (const g of v.adGroups({ campaignId: c.id })) {
        entities.push({ platform: p, level: "ad_group", externalId: g.id, parentExternalId: c.id, accountExternalId: c.accountId, name: g.name, status: g.status });
        for (const ad of v.ads({ adGroupId: g.id })) {
          entities.push({ platform: p, level: "ad", externalId: ad.id, parentExternalId: g.id, accountExternalId: c.accountId, name: ad.name, status: ad.status });
          for (const date of days) {
            if (c.pausedFrom && date >= c.pausedFrom) continue;
            if (p === "klaviyo" && c.objective === "campaign" && unit(c.id + date) > 0.1) continue;
            const u = unit(ad.id + date);
            const impressions = p === "klaviyo" ? 4000 + Math.round(2000 * u) : 2000 + Math.round(8000 * u);
            const clicks = Math.round(impressions * (p === "google_ads" ? 0.03 : 0.012) * (0.6 + u));
            const conversions = Math.round(clicks * (0.02 + 0.05 * unit(date + ad.id)));
            const spend = p === "klaviyo" ? 0 : Math.round(impressions * (p === "meta" ? 9 : p === "google_ads" ? 6 : 5) * (0.8 + 0.4 * u) / 10) / 100;
            facts.push({ platform: p, stream: "ads", level: "ad", date, accountId: c.accountId, campaignId: c.id, adGroupId: g.id, adId: ad.id,
              spend: spend.toFixed(2), impressions, clicks, conversions, revenue: (conversions * (55 + 20 * u)).toFixed(2), currency: "USD",
              videoViews: ad.format === "video" ? Math.round(impressions * 0.3) : null, reach: Math.round(impressions * 0.7) });
          }
        }
      }
    }
  }
  await upsertEntities(db, org.id, null, entities);
  await db.insert(marketingEvents).values([
    { orgId: org.id, name: "Spring Launch", kind: "launch", startDate: "2026-04-01", endDate: "2026-04-14" },
    { orgId: org.id, name: "Prime Day", kind: "promotion", startDate: "2026-07-14", endDate: "2026-07-15" },
  ]);
  await upsertFacts(db, org.id, "fixture", facts);
  for (const [platform, [pluginId, name]] of Object.entries(PLUGIN)) {
    const [conn] = await db.insert(connections).values({ orgId: org.id, pluginId, name }).returning();
    await db.insert(syncRuns).values({
      orgId: org.id, connectionId: conn!.id, status: platform === "meta" ? "failed" : "succeeded", trigger: "schedule", windowStart: "2026-11-25", windowEnd: "2026-12-02",
      recordsRead: 480, recordsWritten: platform === "meta" ? 0 : 480, recordsRejected: 0,
      error: platform === "meta" ? "Meta access token expired; reconnect the account" : null, finishedAt: new Date("2026-12-03T04:00:00Z"),
    });
  }
  if (opts.models === false) return { orgId: org.id };
  const geo = async (channel: string, label: string, start: string, end: string, regions: string[], r: { incremental: number; lift: number; pValue: number; rmse: number; spendChange: number }) => {
    const [e] = await db.insert(experiments).values({
      orgId: org.id, name: `${label} geo holdout ${start}`, type: "geo", status: "completed", startDate: start, endDate: end, randomizationUnit: "region",
      treatedGeos: regions, treatment: { channel, spendChange: r.spendChange, spendMultiplier: 0 }, primaryMetric: "revenue",
      hypothesis: `${label} drives incremental revenue: going dark in ${regions.join(", ")} for 28 days lowers their revenue.`,
    }).returning();
    await db.insert(experimentResults).values({ orgId: org.id, experimentId: e!.id, metric: "revenue", method: "synthetic_control", inputs: {},
      result: { method: "synthetic_control", att: r.incremental / 84, lift: r.lift, incremental: r.incremental, preFit: { rmse: r.rmse, r2: 0.9 }, pValue: r.pValue, inference: "conformal", spendChange: r.spendChange, iroas: r.incremental / r.spendChange } });
    return e!;
  };
  await geo("tiktok", "TikTok", "2026-06-17", "2026-07-14", ["US-OH", "US-MI", "US-AZ"], { incremental: -8400, lift: -0.031, pValue: 0.04, rmse: 40, spendChange: -6000 });
  await geo("google_ads", "Google Ads", "2026-08-21", "2026-09-17", ["US-PA", "US-VA", "US-MA"], { incremental: -15000, lift: -0.052, pValue: 0.01, rmse: 50, spendChange: -7500 });
  await geo("meta", "Meta", "2026-10-25", "2026-11-21", ["US-GA", "US-NC", "US-WA"], { incremental: -12600, lift: -0.044, pValue: 0.02, rmse: 45, spendChange: -9000 });
  const [ab] = await db.insert(experiments).values({ orgId: org.id, name: "Meta creative A/B test: UGC vs studio", type: "ab", status: "completed", startDate: "2026-09-01", endDate: "2026-09-21",
    variants: [{ name: "studio", weight: 0.5, control: true }, { name: "ugc", weight: 0.5, control: false }], treatment: { channel: "meta" }, primaryMetric: "conversions" }).returning();
  await db.insert(experimentResults).values({ orgId: org.id, experimentId: ab!.id, metric: "conversions", method: "proportions", inputs: {},
    result: { control: "studio", comparisons: [{ variant: "ugc", relativeLift: 0.08, pValue: 0.03 }] } });
  const channels = [
    { name: "meta", alpha: 1.2, k: 1800, beta: 5200, meanSpend: 1500 }, { name: "google_ads", alpha: 1, k: 900, beta: 2600, meanSpend: 700 },
    { name: "tiktok", alpha: 1.1, k: 700, beta: 1500, meanSpend: 450 }, { name: "klaviyo", alpha: 1, k: 5000, beta: 800, meanSpend: 4500, organic: true },
  ].map((c) => ({ ...c, adstock: { type: "geometric", theta: 0.3 }, draws: [0.85, 0.95, 1, 1.05, 1.15].map((f) => ({ beta: c.beta * f, alpha: c.alpha, k: c.k })) }));
  const [mmm] = await db.insert(attributionModels).values({
    orgId: org.id, name: "Sandbox MMM, calibrated by the geo holdouts", type: "mmm", status: "ready", config: { outcome: "revenue" }, dataFrom: "2025-12-03", dataTo: "2026-12-02",
    fitMetrics: { r2: 0.91 }, featureImportance: { meta: 0.41, google_ads: 0.22, tiktok: 0.09, klaviyo: 0.06 },
    state: { type: "mmm", grain: "day", level: 0.9, channels, baselinePerPeriod: 12000, window: { from: "2025-12-03", to: "2026-12-02", periods: 365 } },
    updatedAt: new Date("2026-12-02T06:00:00Z"),
  }).returning();
  const res = (channel: string, spend: number | null, value: number, roas: number | null) => ({
    orgId: org.id, modelId: mmm!.id, method: "mmm", channel, spend, value, valueLow: value * 0.8, valueHigh: value * 1.2, share: 0.2,
    roas, roasLow: roas === null ? null : Math.round(roas * 80) / 100, roasHigh: roas === null ? null : Math.round(roas * 120) / 100, details: {},
  });
  await db.insert(attributionResults).values([res("meta", 547500, 985500, 1.8), res("google_ads", 255500, 536550, 2.1), res("tiktok", 164250, 197100, 1.2), res("klaviyo", null, 255000, null)]);
  await db.insert(attributionModels).values({ orgId: org.id, name: "Last-touch and Markov MTA, Q3", type: "mta", status: "ready", config: {}, dataFrom: "2026-07-01", dataTo: "2026-09-30", featureImportance: { meta: 0.5 } });
  return { orgId: org.id, modelId: mmm!.id };
}
