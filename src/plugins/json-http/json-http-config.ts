import { z } from "zod";

/** Config of a generic JSON-over-HTTP daily source (see json-http.plugin.ts for the endpoint contract). */
export const jsonHttpSpec = z.object({
  /** Base URL of the endpoint's server, e.g. https://reports.example.com. */
  baseUrl: z.url("baseUrl must be an http(s) URL such as https://reports.example.com"),
  /** Path of the daily report endpoint. */
  path: z.string().startsWith("/", "path must start with /").default("/report"),
  /** Bearer token the endpoint expects (secret). */
  token: z.string().min(1, "token is required: the bearer token the endpoint expects"),
  /** Account whose rows to read; sent as account_id. */
  accountId: z.string().min(1, "accountId is required"),
  /** Currency of rows that carry none, ISO 4217. */
  currency: z.string().regex(/^[A-Z]{3}$/, "currency must be a 3-letter ISO code such as USD").default("USD"),
  /** Platform label written into facts, e.g. "affiliate" or "pinterest". */
  platform: z.string().regex(/^[a-z][a-z0-9_]*$/, "platform must be lower_snake_case").default("json_http"),
  /** Rows per page (`limit`). */
  pageSize: z.number().int().min(1).max(10_000).default(1000),
  /** First day a first sync reads (default: 90 days back). */
  startDate: z.iso.date("startDate must be YYYY-MM-DD").optional(),
  /** Days re-read before the saved cursor, for sources that restate recent days. */
  lookbackDays: z.number().int().min(0).max(90).default(3),
});

export type JsonHttpConfig = z.output<typeof jsonHttpSpec>;

/** One row of the endpoint's `data` array. Measures may be numbers or decimal strings. */
export interface JsonHttpRow {
  date: string;
  account_id?: string;
  campaign_id?: string;
  campaign_name?: string;
  ad_id?: string;
  ad_name?: string;
  spend?: string | number;
  impressions?: string | number;
  clicks?: string | number;
  conversions?: string | number;
  revenue?: string | number;
  currency?: string;
}
