import { z } from "zod";

/** Reporting API limits (1/s burst, 2/min steady, 225/day); see developers.klaviyo.com/en/reference/reporting_api_overview. */
export const REPORT_LIMITS = { perSecond: 1, perMinute: 2, perDay: 225 };

export const klaviyoConfigSpec = z.object({
  /** Private API key (pk_…) with campaigns:read, flows:read, metrics:read and accounts:read scopes (secret). */
  apiKey: z.string().min(1, "apiKey is required: a Klaviyo private API key (pk_…)"),
  /** API revision sent in the `revision` header. */
  revision: z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\w+)?$/, "revision must look like 2024-10-15").default("2024-10-15"),
  /** Name of the conversion metric; its id is looked up through /api/metrics. */
  conversionMetric: z.string().min(1).default("Placed Order"),
  /** Conversion metric id; skips the lookup when set. */
  conversionMetricId: z.string().min(1).optional(),
  /** Days re-read before the saved cursor: Klaviyo attributes conversions for 5 days by default. */
  lookbackDays: z.number().int().min(0).max(60).default(5),
  /** First day of the first sync (YYYY-MM-DD); defaults to 90 days ago. */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Reporting limits the connector paces itself to; lower them only if Klaviyo gave your account different ones. */
  reportLimits: z.object({ perSecond: z.number().positive(), perMinute: z.number().positive(), perDay: z.number().int().positive() }).default(REPORT_LIMITS),
  /** Base URL of the API; override for proxies and the sandbox. */
  baseUrl: z.string().url().default("https://a.klaviyo.com"),
});
export type KlaviyoConfig = z.output<typeof klaviyoConfigSpec>;
