import { z } from "zod";

export const tiktokConfigSpec = z.object({
  /** Long-lived access token of the TikTok for Business app, sent as the `Access-Token` header (secret). */
  accessToken: z.string().min(1, "accessToken is required: the access token of your TikTok for Business app"),
  /** Advertiser ids the token may read (digits). */
  advertiserIds: z.array(z.string().regex(/^\d+$/, "each advertiser id is digits only, e.g. 7012345678901234567")).min(1, "advertiserIds needs at least one advertiser id"),
  /** Days re-read before the saved cursor: TikTok keeps restating for about 3 days (≈11 h reporting latency plus late conversions). */
  lookbackDays: z.number().int().min(0).max(30).default(3),
  /** Also count `total_sales_lead_value` as revenue (lead-generation advertisers). */
  countLeadValue: z.boolean().default(false),
  /** Rows per report page; TikTok allows at most 1000. */
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /** First day of the first sync (YYYY-MM-DD); defaults to 90 days ago. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Base URL of the Business API; override for proxies and the sandbox. */
  baseUrl: z.string().url().default("https://business-api.tiktok.com"),
});
export type TikTokConfig = z.output<typeof tiktokConfigSpec>;
