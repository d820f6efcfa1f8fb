/**
 * The public relevance set of `search`: queries as analysts type them into a search box, each with the
 * items a person judged relevant (by title), or the day whose campaign summaries answer it. The corpus is
 * the sandbox org's own entities (search-relevance-corpus.ts): 15 campaigns with 180 days of summaries each,
 * their ad sets and ads, four experiments, two models and three sync runs.
 */
const C = {
  metaEvergreenAwareness1: 'Meta campaign "Meta | OUTCOME_AWARENESS | Evergreen | 01"',
  metaEvergreenSales2: 'Meta campaign "Meta | OUTCOME_SALES | Evergreen | 02"',
  metaEvergreenSales3: 'Meta campaign "Meta | OUTCOME_SALES | Evergreen | 03"',
  metaLookalike: 'Meta campaign "Meta | OUTCOME_SALES | Lookalike | 01"',
  metaEvergreenAwareness2: 'Meta campaign "Meta | OUTCOME_AWARENESS | Evergreen | 02"',
  metaHolidayGifts: 'Meta campaign "Meta | OUTCOME_AWARENESS | Holiday Gifts | 03"',
  googleEvergreen: 'Google Ads campaign "Google | VIDEO | Evergreen | 01"',
  googleFallSale: 'Google Ads campaign "Google | DISPLAY | Fall Sale | 02"',
  googleHolidayGifts: 'Google Ads campaign "Google | DISPLAY | Holiday Gifts | 03"',
  tiktokFallSaleViews: 'TikTok campaign "TikTok | VIDEO_VIEWS | Fall Sale | 01"',
  tiktokHolidayGifts: 'TikTok campaign "TikTok | VIDEO_VIEWS | Holiday Gifts | 02"',
  tiktokFallSaleConversions: 'TikTok campaign "TikTok | WEB_CONVERSIONS | Fall Sale | 03"',
  bestsellers: 'Klaviyo campaign "Newsletter — Bestsellers — 2026-03-04"',
  retargeting: 'Klaviyo campaign "Newsletter — Retargeting — 2026-09-02"',
  welcome: 'Klaviyo campaign "Welcome Series"',
};
const E = {
  tiktok: 'Experiment "TikTok geo holdout 2026-06-17"',
  google: 'Experiment "Google Ads geo holdout 2026-08-21"',
  meta: 'Experiment "Meta geo holdout 2026-10-25"',
  ab: 'Experiment "Meta creative A/B test: UGC vs studio"',
};
const M = { mmm: 'Model "Sandbox MMM, calibrated by the geo holdouts"', mta: 'Model "Last-touch and Markov MTA, Q3"' };
const S = {
  metaFailed: 'Sync run of "Sandbox Meta Ads" (meta-ads) failed',
  google: 'Sync run of "Sandbox Google Ads" (google-ads) succeeded',
  tiktok: 'Sync run of "Sandbox TikTok Ads" (tiktok-ads) succeeded',
};
const groups = (name: string) => ["Meta", "Google Ads", "TikTok"].flatMap((p) => ["01", "02"].map((n) => `${p} ad group "${name} | ${n}"`));
const ads = (name: string, platforms = ["Meta", "Google Ads", "TikTok"]) => platforms.map((p) => `${p} ad "${name}"`);

/** A judged query: relevant titles, or `day`: any campaign hit whose evidence holds that day's summary (of `platform` when given). */
export type Judged = { q: string; relevant: string[] } | { q: string; day: string; platform?: string };

export const RELEVANCE: Judged[] = [
  // campaigns by name: exact, partial, misspelt, prefixed
  { q: "Lookalike", relevant: [C.metaLookalike] },
  { q: "lookalike campaign", relevant: [C.metaLookalike] },
  { q: "Lookalke", relevant: [C.metaLookalike] },
  { q: "meta lookalike", relevant: [C.metaLookalike] },
  { q: "evergreen", relevant: [C.metaEvergreenAwareness1, C.metaEvergreenSales2, C.metaEvergreenSales3, C.metaEvergreenAwareness2, C.googleEvergreen] },
  { q: "evergren", relevant: [C.metaEvergreenAwareness1, C.metaEvergreenSales2, C.metaEvergreenSales3, C.metaEvergreenAwareness2, C.googleEvergreen] },
  { q: "evergreen campaigns on google", relevant: [C.googleEvergreen] },
  { q: "Holiday Gifts", relevant: [C.metaHolidayGifts, C.googleHolidayGifts, C.tiktokHolidayGifts] },
  { q: "holiday gift campaigns tiktok", relevant: [C.tiktokHolidayGifts] },
  { q: "fall sale", relevant: [C.googleFallSale, C.tiktokFallSaleViews, C.tiktokFallSaleConversions] },
  { q: "fal sale tiktok", relevant: [C.tiktokFallSaleViews, C.tiktokFallSaleConversions] },
  { q: "Welcome Series", relevant: [C.welcome] },
  { q: "welcome flow", relevant: [C.welcome] },
  { q: "wellcome series", relevant: [C.welcome] },
  { q: "bestsellers newsletter", relevant: [C.bestsellers] },
  { q: "retargeting newsletter", relevant: [C.retargeting] },
  { q: "newsletter", relevant: [C.bestsellers, C.retargeting] },
  { q: "Meta | OUTCOME_SALES | Lookalike | 01", relevant: [C.metaLookalike] },
  { q: "Google | DISPLAY | Fall Sale | 02", relevant: [C.googleFallSale] },
  { q: "TikTok | VIDEO_VIEWS | Holiday", relevant: [C.tiktokHolidayGifts] },
  { q: "tiktok holiday", relevant: [C.tiktokHolidayGifts] },
  // status and objective words
  { q: "paused campaigns", relevant: [C.metaEvergreenSales2, C.metaEvergreenSales3, C.tiktokFallSaleConversions] },
  { q: "paused meta campaigns", relevant: [C.metaEvergreenSales2, C.metaEvergreenSales3] },
  { q: "paused tiktok campaign", relevant: [C.tiktokFallSaleConversions] },
  { q: "active tiktok campaigns", relevant: [C.tiktokFallSaleViews, C.tiktokHolidayGifts] },
  { q: "video views campaigns", relevant: [C.tiktokFallSaleViews, C.tiktokHolidayGifts] },
  { q: "video views", relevant: [C.tiktokFallSaleViews, C.tiktokHolidayGifts] },
  { q: "awareness campaigns", relevant: [C.metaEvergreenAwareness1, C.metaEvergreenAwareness2, C.metaHolidayGifts] },
  { q: "sales campaigns on meta", relevant: [C.metaEvergreenSales2, C.metaEvergreenSales3, C.metaLookalike] },
  { q: "display campaigns", relevant: [C.googleFallSale, C.googleHolidayGifts] },
  { q: "youtube video campaign", relevant: [C.googleEvergreen] },
  { q: "web conversions campaign", relevant: [C.tiktokFallSaleConversions] },
  { q: "email flows", relevant: [C.welcome] },
  // ad sets and ads
  { q: "Cart Abandoners", relevant: groups("Cart Abandoners") },
  { q: "past buyers ad set", relevant: groups("Past Buyers") },
  { q: "lookalike 1% audience", relevant: groups("Lookalike 1%") },
  { q: "website visitors", relevant: groups("Website Visitors") },
  { q: "broad audience", relevant: groups("Broad") },
  { q: "interests ad set", relevant: groups("Interests") },
  { q: "holiday gifts video ad", relevant: ads("Holiday Gifts — video 01", ["Meta", "TikTok"]) },
  { q: "fall sale image ad", relevant: ads("Fall Sale — image 01", ["Google Ads"]) },
  { q: "evergreen video", relevant: [...ads("Evergreen — video 01", ["Meta", "Google Ads"]), C.googleEvergreen] },
  // experiments and models by channel and kind words
  { q: "tiktok geo test", relevant: [E.tiktok] },
  { q: "tiktok holdout", relevant: [E.tiktok] },
  { q: "google holdout", relevant: [E.google] },
  { q: "meta geo experiment", relevant: [E.meta] },
  { q: "facebook lift test", relevant: [E.meta] },
  { q: "geo holdouts", relevant: [E.tiktok, E.google, E.meta] },
  { q: "experiments", relevant: [E.tiktok, E.google, E.meta, E.ab] },
  { q: "a/b test creative", relevant: [E.ab] },
  { q: "ugc vs studio", relevant: [E.ab] },
  { q: "mmm", relevant: [M.mmm] },
  { q: "marketing mix model", relevant: [M.mmm] },
  { q: "media mix model", relevant: [M.mmm] },
  { q: "attribution models", relevant: [M.mmm, M.mta] },
  { q: "last touch", relevant: [M.mta] },
  { q: "multi touch attribution", relevant: [M.mta] },
  // sync runs and accounts
  { q: "failed sync", relevant: [S.metaFailed] },
  { q: "meta sync error", relevant: [S.metaFailed] },
  { q: "access token expired", relevant: [S.metaFailed] },
  { q: "google sync", relevant: [S.google] },
  { q: "Meta US account", relevant: ['Meta account "Meta US — Sandbox Store"'] },
  { q: "Meta DE", relevant: ['Meta account "Meta DE — Sandbox Store"'] },
  { q: "klaviyo account", relevant: ['Klaviyo account "Klaviyo US — Sandbox Store"'] },
  // days
  { q: "black friday", day: "2026-11-27" },
  { q: "2026-11-27", day: "2026-11-27" },
  { q: "cyber monday tiktok", day: "2026-11-30", platform: "tiktok" },
];
