import { z } from "zod";

const customerId = z
  .string()
  .transform((s) => s.replace(/-/g, ""))
  .pipe(z.string().regex(/^\d{10}$/, "a Google Ads customer id has 10 digits, e.g. 123-456-7890"));

export const googleConfigSpec = z.object({
  /** Developer token from the manager account's API Center (secret). */
  developerToken: z.string().min(1, "developerToken is required: copy it from Google Ads → Tools → API Center"),
  /** OAuth client id of your Google Cloud project. */
  clientId: z.string().min(1, "clientId is required: the OAuth client id of your Google Cloud project"),
  /** OAuth client secret (secret). */
  clientSecret: z.string().min(1, "clientSecret is required: the OAuth client secret of your Google Cloud project"),
  /** OAuth refresh token with the https://www.googleapis.com/auth/adwords scope (secret). */
  refreshToken: z.string().min(1, "refreshToken is required: run the OAuth consent flow with the adwords scope"),
  /** Client customer ids to read (dashes allowed). Metrics cannot be read from manager accounts. */
  customerIds: z.array(customerId).min(1, "customerIds needs at least one client customer id"),
  /** Manager (MCC) account id sent as login-customer-id when access goes through a manager. */
  loginCustomerId: customerId.optional(),
  /** API version in the path, e.g. v21. */
  apiVersion: z.string().regex(/^v\d+$/, "apiVersion must look like v21").default("v21"),
  /** Conversion lookback: days re-read before the saved cursor, since conversions are restated within the conversion window (default 30). */
  lookbackDays: z.number().int().min(0).max(90).default(30),
  /** First day of the first sync, YYYY-MM-DD (default: 90 days ago). */
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "startDate must be YYYY-MM-DD").optional(),
  /** Longest quota retryDelay the connector waits out, in seconds; longer delays fail the run with a clear message. */
  maxQuotaWaitSeconds: z.number().min(0).default(900),
  /** Base URL of the Google Ads REST API; override for proxies and the sandbox. */
  baseUrl: z.string().url().default("https://googleads.googleapis.com"),
  /** OAuth token endpoint; override for tests. */
  tokenUrl: z.string().url().default("https://oauth2.googleapis.com/token"),
});

export type GoogleConfig = z.output<typeof googleConfigSpec>;
