import type { Dimension, Grain, Measure } from "../metrics/query.js";

/** Phrases → platform id (longest phrases are tried first). */
export const PLATFORM_PHRASES: [string, string][] = [
  ["google ads", "google_ads"], ["adwords", "google_ads"], ["google", "google_ads"],
  ["facebook", "meta"], ["instagram", "meta"], ["meta", "meta"], ["fb", "meta"],
  ["tiktok", "tiktok"], ["tik tok", "tiktok"], ["klaviyo", "klaviyo"], ["email", "klaviyo"], ["e-mail", "klaviyo"],
  ["youtube", "google_ads"],
];

/** Phrases that stand for several platforms. */
export const PLATFORM_GROUPS: [string, string[]][] = [
  ["paid social", ["meta", "tiktok"]], ["paid media", ["meta", "google_ads", "tiktok"]], ["paid channels", ["meta", "google_ads", "tiktok"]],
];

/** Phrases → measure. */
export const MEASURE_PHRASES: [string, Measure][] = [
  ["return on ad spend", "roas"], ["roas", "roas"],
  ["cost per acquisition", "cpa"], ["cost per conversion", "cpa"], ["cost per purchase", "cpa"], ["cost per lead", "cpa"], ["cost per order", "cpa"], ["cost per sale", "cpa"], ["cost per result", "cpa"], ["cpl", "cpa"], ["cpa", "cpa"],
  ["cost per click", "cpc"], ["cpc", "cpc"], ["cost per mille", "cpm"], ["cost per thousand impressions", "cpm"], ["cpm", "cpm"],
  ["click through rate", "ctr"], ["click-through rate", "ctr"], ["ctr", "ctr"],
  ["conversion rate", "cvr"], ["cvr", "cvr"],
  ["average order value", "aov"], ["aov", "aov"],
  ["video views", "videoViews"], ["views", "videoViews"],
  ["conversion value", "revenue"], ["revenue", "revenue"], ["sales", "revenue"], ["income", "revenue"], ["purchase value", "revenue"],
  ["ad spend", "spend"], ["spend", "spend"], ["spent", "spend"], ["spending", "spend"], ["cost", "spend"], ["costs", "spend"],
  ["burn", "spend"], ["burned", "spend"], ["burnt", "spend"], ["put into", "spend"], ["invested", "spend"], ["invest", "spend"],
  ["impressions", "impressions"], ["impression", "impressions"],
  ["clicks", "clicks"], ["click", "clicks"],
  ["conversions", "conversions"], ["conversion", "conversions"], ["purchases", "conversions"], ["orders", "conversions"],
  ["reach", "reach"],
];

/** Phrases → group-by dimension. */
export const DIMENSION_PHRASES: [string, Dimension][] = [
  ["channels", "platform"], ["channel", "platform"], ["platforms", "platform"], ["platform", "platform"], ["networks", "platform"], ["network", "platform"],
  ["campaigns", "campaignName"], ["campaign", "campaignName"],
  ["ad sets", "adGroupName"], ["ad set", "adGroupName"], ["adsets", "adGroupName"], ["ad groups", "adGroupName"], ["ad group", "adGroupName"],
  ["accounts", "accountName"], ["account", "accountName"],
  ["creatives", "adName"], ["creative", "adName"], ["ads", "adName"], ["ad", "adName"],
  ["day of week", "dayOfWeek"], ["month of year", "monthOfYear"],
];

/** Phrases → time grain. */
export const GRAIN_PHRASES: [RegExp, Grain][] = [
  [/\b(?:by|per|each) day\b(?! of week)|\bdaily\b|\bday by day\b/, "day"],
  [/\b(?:by|per|each) week\b|\bweekly\b|\bweek by week\b/, "week"],
  [/\b(?:by|per|each) month\b(?! of)|\bmonthly\b|\bmonth by month\b/, "month"],
  [/\b(?:by|per|each) quarter\b|\bquarterly\b/, "quarter"],
  [/\b(?:by|per|each) year\b|\byearly\b|\bannual(?:ly)?\b/, "year"],
];

/** Measures where lower is better ("best CPA" = the lowest). */
export const LOWER_IS_BETTER: Measure[] = ["cpa", "cpc", "cpm"];

/** Words that carry no meaning for the query; anything else left over is reported as not understood. */
export const STOPWORDS = new Set(
  ("a an the of for in on at to by per with and or what whats what's which who how much many was were is are did do does had has have " +
   "show me give tell list get my our we us i all total overall across each every during over time period periods numbers number " +
   "performance perform performed performing compare compared versus vs than did doing data report breakdown broken down split " +
   "had been be it its their them this that these those from between spent there please can you could would like see know " +
   "value values metric metrics result results into pull break down show give just only some any so far up out about get got getting bring brought " +
   "make made making generate generated drive drove driven produce produced earn earned return returned yield much").split(" "),
);
