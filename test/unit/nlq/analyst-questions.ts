import type { MetricsQuery, DimensionFilter, OrderBy } from "../../../src/analytics/metrics/query.js";

/**
 * The public test set of `ask`: questions as marketing analysts type them into a chat box (casual verbs,
 * typos, campaign names without quotes, exclusions, comparisons, calendar words, causal questions),
 * each with the `metrics` query that answers it, or the causal answer or refusal it must get.
 * Written from how analysts phrase questions, against the sandbox org's own entities, before the parser.
 *
 * Today is Thursday 3 December 2026 (Black Friday was 27 November, Cyber Monday 30 November).
 */
export const TODAY = "2026-12-03";

/** The sandbox org's entities (the demo world's names) and a few marketing events. */
export const VOCABULARY = {
  campaigns: [
    { name: "Meta | OUTCOME_AWARENESS | Evergreen | 01", platform: "meta" },
    { name: "Meta | OUTCOME_SALES | Evergreen | 02", platform: "meta" },
    { name: "Meta | OUTCOME_SALES | Evergreen | 03", platform: "meta" },
    { name: "Meta | OUTCOME_SALES | Lookalike | 01", platform: "meta" },
    { name: "Meta | OUTCOME_AWARENESS | Evergreen | 02", platform: "meta" },
    { name: "Meta | OUTCOME_AWARENESS | Holiday Gifts | 03", platform: "meta" },
    { name: "Google | VIDEO | Evergreen | 01", platform: "google_ads" },
    { name: "Google | DISPLAY | Fall Sale | 02", platform: "google_ads" },
    { name: "Google | DISPLAY | Holiday Gifts | 03", platform: "google_ads" },
    { name: "TikTok | VIDEO_VIEWS | Fall Sale | 01", platform: "tiktok" },
    { name: "TikTok | VIDEO_VIEWS | Holiday Gifts | 02", platform: "tiktok" },
    { name: "TikTok | WEB_CONVERSIONS | Fall Sale | 03", platform: "tiktok" },
    { name: "Newsletter — Bestsellers — 2026-02-14", platform: "klaviyo" },
    { name: "Newsletter — Retargeting — 2026-08-15", platform: "klaviyo" },
    { name: "Welcome Series", platform: "klaviyo" },
  ],
  adGroups: [
    "Interests | 01", "Interests | 02", "Broad | 01", "Broad | 02", "Website Visitors | 01", "Website Visitors | 02",
    "Cart Abandoners | 01", "Cart Abandoners | 02", "Lookalike 1% | 01", "Lookalike 1% | 02", "Past Buyers | 01", "Past Buyers | 02",
  ].map((name) => ({ name })),
  ads: [
    "Evergreen — image 01", "Evergreen — video 01", "Lookalike — image 01", "Holiday Gifts — video 01", "Holiday Gifts — image 01",
    "Fall Sale — image 01", "Fall Sale — video 01", "Email 1",
  ].map((name) => ({ name })),
  events: [
    { name: "Spring Launch", from: "2026-04-01", to: "2026-04-14" },
    { name: "Prime Day", from: "2026-07-14", to: "2026-07-15" },
  ],
};

/** What a question must give: a metrics query, a causal answer of a kind, or a refusal. */
export type Expected = MetricsQuery | { causal: { kind: "incremental" | "experiment" | "budget"; platforms?: string[]; amount?: number } } | { refuse: true };

const R = (from: string, to: string) => ({ from, to });
const YDAY = R("2026-12-02", "2026-12-02");
const L7 = R("2026-11-26", "2026-12-02");
const L14 = R("2026-11-19", "2026-12-02");
const L28 = R("2026-11-05", "2026-12-02");
const L30 = R("2026-11-03", "2026-12-02");
const L90 = R("2026-09-04", "2026-12-02");
const LW = R("2026-11-23", "2026-11-29");
const TW = R("2026-11-30", "2026-12-03");
const LM = R("2026-11-01", "2026-11-30");
const OCT = R("2026-10-01", "2026-10-31");
const SEP = R("2026-09-01", "2026-09-30");
const AUG = R("2026-08-01", "2026-08-31");
const TM = R("2026-12-01", "2026-12-03");
const Q3 = R("2026-07-01", "2026-09-30");
const Q2 = R("2026-04-01", "2026-06-30");
const TQ = R("2026-10-01", "2026-12-03");
const YTD = R("2026-01-01", "2026-12-03");
const LY = R("2025-01-01", "2025-12-31");
const BF = R("2026-11-27", "2026-11-27");
const CM = R("2026-11-30", "2026-11-30");
const BFCM = R("2026-11-27", "2026-11-30");

const on = (...platforms: string[]): DimensionFilter => ({ dimension: "platform", operator: "in", values: platforms });
const notOn = (...platforms: string[]): DimensionFilter => ({ dimension: "platform", operator: "notIn", values: platforms });
const camp = (name: string): DimensionFilter => ({ dimension: "campaignName", operator: "contains", values: [name] });
const adSet = (name: string): DimensionFilter => ({ dimension: "adGroupName", operator: "contains", values: [name] });
const adNamed = (name: string): DimensionFilter => ({ dimension: "adName", operator: "contains", values: [name] });
const notCamp = (...names: string[]): DimensionFilter => ({ dimension: "campaignName", operator: "notIn", values: names });
const flag = (dimension: "isWeekend" | "isHoliday" | "isBusinessDay", value: boolean): DimensionFilter => ({ dimension, operator: "equals", values: [String(value)] });
const desc = (field: OrderBy["field"]) => ({ orderBy: [{ field, direction: "desc" as const }] });
const asc = (field: OrderBy["field"]) => ({ orderBy: [{ field, direction: "asc" as const }] });
const prev = { compareTo: { type: "previousPeriod" as const } };
const yoy = { compareTo: { type: "samePeriodLastYear" as const } };
const vs = (range: { from: string; to: string }) => ({ compareTo: { type: "custom" as const, range } });
const HOW_DID = ["spend", "revenue", "roas"] as MetricsQuery["measures"];
const EVERGREEN = VOCABULARY.campaigns.filter((c) => c.name.includes("Evergreen")).map((c) => c.name);
const causal = (kind: "incremental" | "experiment" | "budget", more: { platforms?: string[]; amount?: number } = {}): Expected => ({ causal: { kind, ...more } });
const refuse: Expected = { refuse: true };

export const QUESTIONS: [string, Expected][] = [
  // --- the README's own examples
  ["Meta ROAS last month vs the month before by campaign", { measures: ["roas"], dateRange: LM, dimensions: ["campaignName"], filters: [on("meta")], ...vs(OCT) }],
  ["which channel had the best CPA in Q3 2026?", { measures: ["cpa"], dateRange: Q3, dimensions: ["platform"], ...asc("cpa"), limit: 1 }],
  // --- plain questions, typed fast
  ["spend by channel yesterday", { measures: ["spend"], dateRange: YDAY, dimensions: ["platform"] }],
  ["spend yesterday", { measures: ["spend"], dateRange: YDAY }],
  ["how much did we spend yesterday?", { measures: ["spend"], dateRange: YDAY }],
  ["what did we spend last week", { measures: ["spend"], dateRange: LW }],
  ["total spend this month", { measures: ["spend"], dateRange: TM }],
  ["spend mtd", { measures: ["spend"], dateRange: TM }],
  ["revenue ytd", { measures: ["revenue"], dateRange: YTD }],
  ["top 5 campaigns", { measures: ["spend"], dateRange: L30, dimensions: ["campaignName"], ...desc("spend"), limit: 5 }],
  ["top 5 campaigns by revenue last month", { measures: ["revenue"], dateRange: LM, dimensions: ["campaignName"], ...desc("revenue"), limit: 5 }],
  ["top 3 ads by ctr last 7 days", { measures: ["ctr"], dateRange: L7, dimensions: ["adName"], ...desc("ctr"), limit: 3 }],
  ["roas by platform last 30 days", { measures: ["roas"], dateRange: L30, dimensions: ["platform"] }],
  ["ROAS by channel in October", { measures: ["roas"], dateRange: OCT, dimensions: ["platform"] }],
  ["October ROAS", { measures: ["roas"], dateRange: OCT }],
  ["what was our roas in october", { measures: ["roas"], dateRange: OCT }],
  ["cpa by campaign last month", { measures: ["cpa"], dateRange: LM, dimensions: ["campaignName"] }],
  ["cpc on google last week", { measures: ["cpc"], dateRange: LW, filters: [on("google_ads")] }],
  ["meta cpm this week", { measures: ["cpm"], dateRange: TW, filters: [on("meta")] }],
  ["clicks and impressions by day last week", { measures: ["clicks", "impressions"], dateRange: LW, grain: "day" }],
  ["daily spend last 14 days", { measures: ["spend"], dateRange: L14, grain: "day" }],
  ["weekly revenue this quarter", { measures: ["revenue"], dateRange: TQ, grain: "week" }],
  ["monthly spend by platform this year", { measures: ["spend"], dateRange: YTD, grain: "month", dimensions: ["platform"] }],
  ["conversions by ad set last 28 days", { measures: ["conversions"], dateRange: L28, dimensions: ["adGroupName"] }],
  ["conversion rate by campaign in september", { measures: ["cvr"], dateRange: SEP, dimensions: ["campaignName"] }],
  ["AOV last quarter", { measures: ["aov"], dateRange: Q3 }],
  ["average order value by channel last 90 days", { measures: ["aov"], dateRange: L90, dimensions: ["platform"] }],
  ["tiktok video views by campaign last month", { measures: ["videoViews"], dateRange: LM, dimensions: ["campaignName"], filters: [on("tiktok")] }],
  ["reach on meta last week", { measures: ["reach"], dateRange: LW, filters: [on("meta")] }],
  ["which campaign had the highest roas last month", { measures: ["roas"], dateRange: LM, dimensions: ["campaignName"], ...desc("roas"), limit: 1 }],
  ["worst performing ad by cpa last 30 days", { measures: ["cpa"], dateRange: L30, dimensions: ["adName"], ...desc("cpa"), limit: 1 }],
  ["cheapest channel for clicks last month", { measures: ["cpc"], dateRange: LM, dimensions: ["platform"], ...asc("cpc"), limit: 1 }],
  ["rank campaigns by spend last month", { measures: ["spend"], dateRange: LM, dimensions: ["campaignName"], ...desc("spend") }],
  ["campaigns ranked by roas in q3", { measures: ["roas"], dateRange: Q3, dimensions: ["campaignName"], ...desc("roas") }],
  ["all campaigns by spend yesterday", { measures: ["spend"], dateRange: YDAY, dimensions: ["campaignName"] }],
  ["spend and revenue per platform last month", { measures: ["spend", "revenue"], dateRange: LM, dimensions: ["platform"] }],
  ["spend, revenue and roas by channel this month", { measures: ["spend", "revenue", "roas"], dateRange: TM, dimensions: ["platform"] }],
  ["campaigns spending more than 1k last week", { measures: ["spend"], dateRange: LW, dimensions: ["campaignName"], having: [{ measure: "spend", operator: "gt", value: 1000 }] }],
  ["campaigns with roas under 2 last month", { measures: ["roas"], dateRange: LM, dimensions: ["campaignName"], having: [{ measure: "roas", operator: "lt", value: 2 }] }],
  ["ads with a ctr above 1% last 14 days", { measures: ["ctr"], dateRange: L14, dimensions: ["adName"], having: [{ measure: "ctr", operator: "gt", value: 0.01 }] }],
  ["spend by account last month", { measures: ["spend"], dateRange: LM, dimensions: ["accountName"] }],
  ["revenue by creative this month", { measures: ["revenue"], dateRange: TM, dimensions: ["adName"] }],
  ["impressions by day of week last 90 days", { measures: ["impressions"], dateRange: L90, dimensions: ["dayOfWeek"] }],
  ["spend per week since september", { measures: ["spend"], dateRange: R("2026-09-01", TODAY), grain: "week" }],
  ["clicks since 2026-11-15", { measures: ["clicks"], dateRange: R("2026-11-15", TODAY) }],
  ["spend between 2026-10-05 and 2026-10-11", { measures: ["spend"], dateRange: R("2026-10-05", "2026-10-11") }],
  ["revenue on 2026-11-11", { measures: ["revenue"], dateRange: R("2026-11-11", "2026-11-11") }],
  ["spend in Q2 2026 by month", { measures: ["spend"], dateRange: Q2, grain: "month" }],
  ["what's the cost per lead on tiktok this month", { measures: ["cpa"], dateRange: TM, filters: [on("tiktok")] }],
  ["cost per purchase by channel last month", { measures: ["cpa"], dateRange: LM, dimensions: ["platform"] }],
  ["return on ad spend for google last 7 days", { measures: ["roas"], dateRange: L7, filters: [on("google_ads")] }],
  ["sales from meta last week", { measures: ["revenue"], dateRange: LW, filters: [on("meta")] }],
  ["orders by platform yesterday", { measures: ["conversions"], dateRange: YDAY, dimensions: ["platform"] }],
  ["purchases on tiktok last 30 days", { measures: ["conversions"], dateRange: L30, filters: [on("tiktok")] }],
  ["click through rate by ad set for tiktok last month", { measures: ["ctr"], dateRange: LM, dimensions: ["adGroupName"], filters: [on("tiktok")] }],
  ["google and tiktok spend last month", { measures: ["spend"], dateRange: LM, dimensions: ["platform"], filters: [on("google_ads", "tiktok")] }],
  ["meta vs tiktok roas last quarter", { measures: ["roas"], dateRange: Q3, dimensions: ["platform"], filters: [on("meta", "tiktok")] }],
  ["paid social spend last month", { measures: ["spend"], dateRange: LM, filters: [on("meta", "tiktok")] }],
  ["email revenue last month", { measures: ["revenue"], dateRange: LM, filters: [on("klaviyo")] }],
  ["klaviyo revenue by campaign this year", { measures: ["revenue"], dateRange: YTD, dimensions: ["campaignName"], filters: [on("klaviyo")] }],
  ["instagram spend last week", { measures: ["spend"], dateRange: LW, filters: [on("meta")] }],
  ["adwords clicks yesterday", { measures: ["clicks"], dateRange: YDAY, filters: [on("google_ads")] }],
  ["fb ads spend last week", { measures: ["spend"], dateRange: LW, filters: [on("meta")] }],
  ["FB spend by ad set yesterday", { measures: ["spend"], dateRange: YDAY, dimensions: ["adGroupName"], filters: [on("meta")] }],
  ["tik tok spend this week", { measures: ["spend"], dateRange: TW, filters: [on("tiktok")] }],
  ["youtube spend last month", { measures: ["spend"], dateRange: LM, filters: [on("google_ads")] }],
  // --- casual verbs
  ["how'd meta do last week", { measures: HOW_DID, dateRange: LW, filters: [on("meta")] }],
  ["how did tiktok perform last month", { measures: HOW_DID, dateRange: LM, filters: [on("tiktok")] }],
  ["how are our campaigns doing this week", { measures: HOW_DID, dateRange: TW, dimensions: ["campaignName"] }],
  ["how much did google drive last month", { measures: ["revenue"], dateRange: LM, filters: [on("google_ads")] }],
  ["how many sales did tiktok drive yesterday", { measures: ["conversions"], dateRange: YDAY, filters: [on("tiktok")] }],
  ["how much revenue did meta drive last week", { measures: ["revenue"], dateRange: LW, filters: [on("meta")] }],
  ["what did the Lookalike campaign drive last month", { measures: ["revenue"], dateRange: LM, filters: [camp("Lookalike")] }],
  ["which channel drove the most conversions last month", { measures: ["conversions"], dateRange: LM, dimensions: ["platform"], ...desc("conversions"), limit: 1 }],
  ["how much did we make from email last week", { measures: ["revenue"], dateRange: LW, filters: [on("klaviyo")] }],
  ["what did we make on black friday", { measures: ["revenue"], dateRange: BF }],
  ["how much did we burn on tiktok last month", { measures: ["spend"], dateRange: LM, filters: [on("tiktok")] }],
  ["how much did we put into google this week", { measures: ["spend"], dateRange: TW, filters: [on("google_ads")] }],
  ["what did we pay for clicks on meta last month", { measures: ["cpc"], dateRange: LM, filters: [on("meta")] }],
  ["which campaigns wasted money last month", { measures: ["spend", "roas"], dateRange: LM, dimensions: ["campaignName"], having: [{ measure: "roas", operator: "lt", value: 1 }], ...desc("spend") }],
  ["did cpc go up last week", { measures: ["cpc"], dateRange: LW, ...prev }],
  ["did meta cpm go up this month vs last month", { measures: ["cpm"], dateRange: TM, filters: [on("meta")], ...vs(R("2026-11-01", "2026-11-03")) }],
  ["has roas gone down since september", { measures: ["roas"], dateRange: R("2026-09-01", TODAY), grain: "month" }],
  ["which ads got the most clicks yesterday", { measures: ["clicks"], dateRange: YDAY, dimensions: ["adName"], ...desc("clicks") }],
  ["show me spend by campaign for last week", { measures: ["spend"], dateRange: LW, dimensions: ["campaignName"] }],
  ["give me tiktok ctr by day this week", { measures: ["ctr"], dateRange: TW, grain: "day", filters: [on("tiktok")] }],
  ["pull google cpc for the last 14 days", { measures: ["cpc"], dateRange: L14, filters: [on("google_ads")] }],
  ["break down spend by platform for q3", { measures: ["spend"], dateRange: Q3, dimensions: ["platform"] }],
  ["split revenue by channel last month", { measures: ["revenue"], dateRange: LM, dimensions: ["platform"] }],
  // --- typos
  ["goggle spend yesterday", { measures: ["spend"], dateRange: YDAY, filters: [on("google_ads")] }],
  ["spnd by channel last week", { measures: ["spend"], dateRange: LW, dimensions: ["platform"] }],
  ["meta spend yesturday", { measures: ["spend"], dateRange: YDAY, filters: [on("meta")] }],
  ["facebok roas last month", { measures: ["roas"], dateRange: LM, filters: [on("meta")] }],
  ["tiktk clicks last week", { measures: ["clicks"], dateRange: LW, filters: [on("tiktok")] }],
  ["revnue by campain last month", { measures: ["revenue"], dateRange: LM, dimensions: ["campaignName"] }],
  ["converions by platfrom yesterday", { measures: ["conversions"], dateRange: YDAY, dimensions: ["platform"] }],
  ["impresions last 7 days", { measures: ["impressions"], dateRange: L7 }],
  ["clikcs by ad set last month", { measures: ["clicks"], dateRange: LM, dimensions: ["adGroupName"] }],
  ["speding on klaviyo this year", { measures: ["spend"], dateRange: YTD, filters: [on("klaviyo")] }],
  ["roas lst month by chanel", { measures: ["roas"], dateRange: LM, dimensions: ["platform"] }],
  ["spend in octber", { measures: ["spend"], dateRange: OCT }],
  ["revenue in septmber by platform", { measures: ["revenue"], dateRange: SEP, dimensions: ["platform"] }],
  ["cpa for the Lookalke campaign last month", { measures: ["cpa"], dateRange: LM, filters: [camp("Lookalike")] }],
  ["evergren spend last week", { measures: ["spend"], dateRange: LW, filters: [camp("Evergreen")] }],
  ["welcom series revenue last month", { measures: ["revenue"], dateRange: LM, filters: [camp("Welcome Series")] }],
  // --- entity names, unquoted and partial
  ["Lookalike spend last month", { measures: ["spend"], dateRange: LM, filters: [camp("Lookalike")] }],
  ["how much revenue did Welcome Series bring in last month", { measures: ["revenue"], dateRange: LM, filters: [camp("Welcome Series")] }],
  ["Holiday Gifts roas by platform this month", { measures: ["roas"], dateRange: TM, dimensions: ["platform"], filters: [camp("Holiday Gifts")] }],
  ["fall sale campaigns spend by day last week", { measures: ["spend"], dateRange: LW, grain: "day", filters: [camp("Fall Sale")] }],
  ["evergreen cpa on meta last 30 days", { measures: ["cpa"], dateRange: L30, filters: [on("meta"), camp("Evergreen")] }],
  ["ctr of the cart abandoners ad sets last month", { measures: ["ctr"], dateRange: LM, filters: [adSet("Cart Abandoners")] }],
  ["past buyers ad set spend yesterday", { measures: ["spend"], dateRange: YDAY, filters: [adSet("Past Buyers")] }],
  ["lookalike 1% ad set spend by platform last week", { measures: ["spend"], dateRange: LW, dimensions: ["platform"], filters: [adSet("Lookalike 1%")] }],
  ["clicks on the Fall Sale video ads last week", { measures: ["clicks"], dateRange: LW, filters: [adNamed("Fall Sale — video")] }],
  ["bestsellers newsletter revenue", { measures: ["revenue"], dateRange: L30, filters: [camp("Bestsellers")] }],
  ["spend on \"TikTok | VIDEO_VIEWS | Fall Sale | 01\" last month", { measures: ["spend"], dateRange: LM, filters: [camp("TikTok | VIDEO_VIEWS | Fall Sale | 01")] }],
  ["holiday gifts campaigns on tiktok cpm this month", { measures: ["cpm"], dateRange: TM, filters: [on("tiktok"), camp("Holiday Gifts")] }],
  // --- exclusions
  ["spend last month excluding klaviyo", { measures: ["spend"], dateRange: LM, filters: [notOn("klaviyo")] }],
  ["revenue by channel last week except email", { measures: ["revenue"], dateRange: LW, dimensions: ["platform"], filters: [notOn("klaviyo")] }],
  ["roas without google last month", { measures: ["roas"], dateRange: LM, filters: [notOn("google_ads")] }],
  ["spend by campaign last week excluding the evergreen campaigns", { measures: ["spend"], dateRange: LW, dimensions: ["campaignName"], filters: [notCamp(...EVERGREEN)] }],
  ["conversions excluding meta and tiktok this month", { measures: ["conversions"], dateRange: TM, filters: [notOn("meta", "tiktok")] }],
  ["all channels but tiktok spend yesterday", { measures: ["spend"], dateRange: YDAY, filters: [notOn("tiktok")] }],
  ["revenue last month not counting klaviyo", { measures: ["revenue"], dateRange: LM, filters: [notOn("klaviyo")] }],
  ["spend last week minus meta", { measures: ["spend"], dateRange: LW, filters: [notOn("meta")] }],
  // --- comparisons
  ["spend last month vs september", { measures: ["spend"], dateRange: LM, ...vs(SEP) }],
  ["revenue in october compared to september", { measures: ["revenue"], dateRange: OCT, ...vs(SEP) }],
  ["meta roas october vs september", { measures: ["roas"], dateRange: OCT, filters: [on("meta")], ...vs(SEP) }],
  ["spend last 7 days compared to the previous 7 days", { measures: ["spend"], dateRange: L7, ...prev }],
  ["clicks last 14 days vs prior 14 days by channel", { measures: ["clicks"], dateRange: L14, dimensions: ["platform"], ...prev }],
  ["revenue last month vs same period last year", { measures: ["revenue"], dateRange: LM, ...yoy }],
  ["black friday revenue vs last year", { measures: ["revenue"], dateRange: BF, ...yoy }],
  ["roas this month year over year", { measures: ["roas"], dateRange: TM, ...yoy }],
  ["spend yoy by platform last quarter", { measures: ["spend"], dateRange: Q3, dimensions: ["platform"], ...yoy }],
  ["revenue last month month over month", { measures: ["revenue"], dateRange: LM, ...vs(OCT) }],
  ["meta spend mom last month", { measures: ["spend"], dateRange: LM, filters: [on("meta")], ...vs(OCT) }],
  ["spend month over month this year", { measures: ["spend"], dateRange: YTD, grain: "month" }],
  ["cpa week over week last week", { measures: ["cpa"], dateRange: LW, ...prev }],
  ["tiktok ctr wow", { measures: ["ctr"], dateRange: LW, filters: [on("tiktok")], ...prev }],
  ["last month vs the month before spend by channel", { measures: ["spend"], dateRange: LM, dimensions: ["platform"], ...vs(OCT) }],
  ["october vs the month before revenue", { measures: ["revenue"], dateRange: OCT, ...vs(SEP) }],
  ["cpc last week vs the week before", { measures: ["cpc"], dateRange: LW, ...prev }],
  ["spend yesterday vs the day before", { measures: ["spend"], dateRange: YDAY, ...prev }],
  ["q3 vs q2 revenue", { measures: ["revenue"], dateRange: Q3, ...vs(Q2) }],
  ["revenue this year vs last year", { measures: ["revenue"], dateRange: YTD, ...yoy }],
  ["google spend in august vs september", { measures: ["spend"], dateRange: AUG, filters: [on("google_ads")], ...vs(SEP) }],
  ["spend this week vs last week", { measures: ["spend"], dateRange: TW, ...vs(R("2026-11-23", "2026-11-26")) }],
  // --- calendar words
  ["spend on weekends last month", { measures: ["spend"], dateRange: LM, filters: [flag("isWeekend", true)] }],
  ["weekend roas by channel in q3", { measures: ["roas"], dateRange: Q3, dimensions: ["platform"], filters: [flag("isWeekend", true)] }],
  ["weekday conversions last month", { measures: ["conversions"], dateRange: LM, filters: [flag("isWeekend", false)] }],
  ["weekends vs weekdays cpa last quarter", { measures: ["cpa"], dateRange: Q3, dimensions: ["isWeekend"] }],
  ["revenue on holidays this year", { measures: ["revenue"], dateRange: YTD, filters: [flag("isHoliday", true)] }],
  ["spend by holiday this year", { measures: ["spend"], dateRange: YTD, dimensions: ["holidayName"], filters: [flag("isHoliday", true)] }],
  ["black friday spend by channel", { measures: ["spend"], dateRange: BF, dimensions: ["platform"] }],
  ["Black Friday roas", { measures: ["roas"], dateRange: BF }],
  ["cyber monday revenue by campaign", { measures: ["revenue"], dateRange: CM, dimensions: ["campaignName"] }],
  ["bfcm spend vs last year", { measures: ["spend"], dateRange: BFCM, ...yoy }],
  ["black friday weekend revenue by platform", { measures: ["revenue"], dateRange: BFCM, dimensions: ["platform"] }],
  ["black friday 2025 revenue", { measures: ["revenue"], dateRange: R("2025-11-28", "2025-11-28") }],
  ["spend during the Spring Launch", { measures: ["spend"], dateRange: R("2026-04-01", "2026-04-14") }],
  ["prime day roas by channel", { measures: ["roas"], dateRange: R("2026-07-14", "2026-07-15"), dimensions: ["platform"] }],
  ["revenue during spring launch vs same period last year", { measures: ["revenue"], dateRange: R("2026-04-01", "2026-04-14"), ...yoy }],
  ["spend by month of year last year", { measures: ["spend"], dateRange: LY, dimensions: ["monthOfYear"] }],
  ["christmas revenue last year", { measures: ["revenue"], dateRange: R("2025-12-25", "2025-12-25") }],
  ["thanksgiving spend", { measures: ["spend"], dateRange: R("2026-11-26", "2026-11-26") }],
  // --- whole-answer wording
  ["list every campaign's spend last month", { measures: ["spend"], dateRange: LM, dimensions: ["campaignName"] }],
  ["bottom 3 campaigns by roas last month", { measures: ["roas"], dateRange: LM, dimensions: ["campaignName"], ...asc("roas"), limit: 3 }],
  ["top ten ads by conversions this quarter", { measures: ["conversions"], dateRange: TQ, dimensions: ["adName"], ...desc("conversions"), limit: 10 }],
  ["best ad set by cvr last week", { measures: ["cvr"], dateRange: LW, dimensions: ["adGroupName"], ...desc("cvr"), limit: 1 }],
  ["lowest cpm platform yesterday", { measures: ["cpm"], dateRange: YDAY, dimensions: ["platform"], ...asc("cpm"), limit: 1 }],
  ["which platform had the most impressions last week", { measures: ["impressions"], dateRange: LW, dimensions: ["platform"], ...desc("impressions"), limit: 1 }],
  // --- causal questions
  ["what did Meta actually drive?", causal("incremental", { platforms: ["meta"] })],
  ["incremental ROAS of TikTok", causal("incremental", { platforms: ["tiktok"] })],
  ["what's meta's incremental roas", causal("incremental", { platforms: ["meta"] })],
  ["is google really working", causal("incremental", { platforms: ["google_ads"] })],
  ["true roas by channel", causal("incremental")],
  ["what is the incrementality of each channel", causal("incremental")],
  ["how much revenue did tiktok really drive", causal("incremental", { platforms: ["tiktok"] })],
  ["what does the mmm say about meta", causal("incremental", { platforms: ["meta"] })],
  ["what did the Google holdout show?", causal("experiment", { platforms: ["google_ads"] })],
  ["results of the tiktok geo test", causal("experiment", { platforms: ["tiktok"] })],
  ["what did the meta lift test find", causal("experiment", { platforms: ["meta"] })],
  ["show me the experiment results", causal("experiment")],
  ["where should the next 10k go?", causal("budget", { amount: 10000 })],
  ["how should i split 50k across channels", causal("budget", { amount: 50000 })],
  ["where to put an extra $5,000", causal("budget", { amount: 5000 })],
  ["best way to allocate a 20k budget", causal("budget", { amount: 20000 })],
  // --- refusals: no number without a question behind it
  ["how are the vibes", refuse],
  ["what's the weather like in march", refuse],
  ["meta spend for the blue widgets last month", refuse],
  ["snapchat spend last month", refuse],
  ["which influencer drove the most sales", refuse],
  ["spend last month vs the competition", refuse],
];

// Filters compare as a set: "meta, excluding Evergreen" and "excluding Evergreen, on meta" are the same query.
export const canonical = (q: unknown) => {
  if (!q) return q;
  const c = structuredClone(q) as { filters?: { dimension: string }[] };
  c.filters?.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));
};

