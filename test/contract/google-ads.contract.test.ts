import { googleAdsPlugin } from "../../src/plugins/google-ads/google-ads.plugin.js";
import { googleError } from "../../src/plugins/google-ads/google-emulator.js";
import { runConnectorContract } from "./connector-contract.js";

const quota = (retryDelay: string) => googleError(429, "RESOURCE_EXHAUSTED", { quotaError: "RESOURCE_EXHAUSTED" }, "Too many requests.", { quotaErrorDetails: { rateScope: "DEVELOPER", rateName: "Number of operations for basic access", retryDelay } });

runConnectorContract(googleAdsPlugin, {
  sandboxOptions: { batchSize: 50 },
  // Entity streams are not date-windowed; the engine plans them from startDate, and the kit's lookback check counts
  // their reads too. startDate = range start and a 30-day lookback make both begin on 2025-11-01.
  configOverrides: { startDate: "2025-11-01", lookbackDays: 30 },
  brokenConfig: { config: { developerToken: "d", clientId: "c", clientSecret: "s", refreshToken: "r", customerIds: ["12-34"] }, field: "customerIds.0" },
  badCredentials: { refreshToken: "1//definitely-revoked" },
  range: { start: "2025-11-01", end: "2025-11-30" },
  faults: [
    { name: "QuotaError with a short retryDelay", apply: (s) => s.fail({ status: 429, body: quota("0.2s"), times: 1 }), clear: () => {}, expect: "succeeded" },
    { name: "INTERNAL_ERROR", apply: (s) => s.fail({ status: 500, body: googleError(500, "INTERNAL", { internalError: "INTERNAL_ERROR" }, "An internal error has occurred."), times: 2 }), clear: () => {}, expect: "succeeded" },
    { name: "access token expired mid-run", apply: (s) => s.fail({ status: 401, body: googleError(401, "UNAUTHENTICATED", { authenticationError: "OAUTH_TOKEN_EXPIRED" }, "The OAuth token in the header has expired."), times: 1 }), clear: () => {}, expect: "succeeded" },
    { name: "QuotaError with a retryDelay of hours", apply: (s) => s.fail({ status: 429, body: quota("30773s"), times: 1 }), clear: () => {}, expect: "failed" },
    { name: "refresh token revoked", apply: (s) => s.set({ refreshToken: "1//rotated" }), clear: (s) => s.set({ refreshToken: s.config.refreshToken }), expect: "failed" },
  ],
});
