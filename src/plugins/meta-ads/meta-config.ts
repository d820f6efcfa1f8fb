import { z } from "zod";
import { assertOneTypePerFamily } from "./meta-actions.js";

/** Attribution windows the insights API accepts in `action_attribution_windows`. */
export const ATTRIBUTION_WINDOWS = ["1d_click", "7d_click", "28d_click", "1d_view", "7d_view", "28d_view", "1d_ev"] as const;

/**
 * Every effective_status of each level. Meta leaves DELETED and ARCHIVED objects out of edges and of
 * `act_<id>/insights?level=ad` unless a filter names them ("Manage your ad object's status"), so reads list them all.
 */
export const EFFECTIVE_STATUSES = {
  campaigns: ["ACTIVE", "PAUSED", "DELETED", "ARCHIVED", "IN_PROCESS", "WITH_ISSUES"],
  adsets: ["ACTIVE", "PAUSED", "DELETED", "CAMPAIGN_PAUSED", "ARCHIVED", "IN_PROCESS", "WITH_ISSUES"],
  ads: ["ACTIVE", "PAUSED", "DELETED", "PENDING_REVIEW", "DISAPPROVED", "PREAPPROVED", "PENDING_BILLING_INFO", "CAMPAIGN_PAUSED", "ARCHIVED", "ADSET_PAUSED", "IN_PROCESS", "WITH_ISSUES"],
} as const;

/**
 * Which day an action is reported on: the day of the impression, of the conversion, or "mixed" (on-Meta actions such
 * as link clicks by impression, off-Meta ones such as web purchases by conversion). "mixed" is Meta's default; since
 * 10 June 2025 Meta disregards the parameter and answers as Ads Manager does, i.e. "mixed" (Insights API changelog).
 */
export const ACTION_REPORT_TIMES = ["impression", "conversion", "mixed"] as const;

/** Breakdown sets the breakdown stream can use (one per connection, so it never mixes sets). */
export const BREAKDOWNS = { age_gender: ["age", "gender"], country: ["country"] } as const;

/**
 * Default conversion action type: `omni_purchase` is Meta's de-duplicated roll-up of purchases across
 * website, app, offline and on-Meta shops, so one purchase is counted once.
 */
export const DEFAULT_CONVERSION_ACTION_TYPES = ["omni_purchase"];

export const metaConfigSpec = z
  .object({
    /** System-user or long-lived user access token with ads_read (secret). */
    accessToken: z.string().min(1, "accessToken is required: a Meta access token with the ads_read permission"),
    /** Ad account ids, each `act_<digits>`. */
    accountIds: z
      .array(z.string().regex(/^act_\d+$/, "each ad account id must look like act_1234567890 (the act_ prefix and digits)"))
      .min(1, "accountIds needs at least one ad account id (act_…)"),
    /** Graph API version in the path, e.g. v21.0. */
    apiVersion: z.string().regex(/^v\d+\.\d+$/, "apiVersion must look like v21.0").default("v21.0"),
    /** Attribution windows summed into conversions and revenue (Meta's default setting is 7d_click + 1d_view). */
    attributionWindows: z.array(z.enum(ATTRIBUTION_WINDOWS)).min(1).default(["7d_click", "1d_view"]),
    /** `action_report_time` of insights requests (see ACTION_REPORT_TIMES). */
    actionReportTime: z.enum(ACTION_REPORT_TIMES).default("mixed"),
    /** Action types counted as conversions (and their action_values as revenue); at most one per event family. */
    conversionActionTypes: z.array(z.string().min(1)).min(1).default(DEFAULT_CONVERSION_ACTION_TYPES),
    /** Days re-read before the saved cursor: Meta restates insights for up to 28 days. */
    lookbackDays: z.number().int().min(0).max(90).default(28),
    /** First day of the first sync, YYYY-MM-DD (default: 90 days ago; Meta keeps 37 months). */
    startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "startDate must be YYYY-MM-DD").optional(),
    /** Breakdown set of the breakdown stream. */
    breakdown: z.enum(["age_gender", "country"]).default("age_gender"),
    /** Windows longer than this many days are read through async report runs. */
    asyncAfterDays: z.number().int().min(1).default(14),
    /** Longest wait for one async report run before giving up, in seconds. */
    asyncTimeoutSeconds: z.number().positive().default(900),
    /** Seconds between async status polls. */
    asyncPollSeconds: z.number().positive().default(5),
    /** Page size (`limit`); halved when Meta asks for less data. */
    pageSize: z.number().int().min(1).max(500).default(100),
    /** Usage percentage (from the usage headers) above which requests are spaced out. */
    slowDownAtPct: z.number().min(1).max(100).default(75),
    /** Longest pause before one request when usage reaches 100 %, in seconds (Meta's usage windows are one hour). */
    slowDownMaxSeconds: z.number().min(0).default(60),
    /** Base URL of the Graph API; override for proxies and the sandbox. */
    baseUrl: z.string().url().default("https://graph.facebook.com"),
  })
  .superRefine((c, ctx) => {
    const problem = assertOneTypePerFamily(c.conversionActionTypes);
    if (problem) ctx.addIssue({ code: "custom", path: ["conversionActionTypes"], message: problem });
  });

export type MetaConfig = z.output<typeof metaConfigSpec>;
