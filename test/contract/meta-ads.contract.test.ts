import { metaAdsPlugin } from "../../src/plugins/meta-ads/meta-ads.plugin.js";
import { runConnectorContract } from "./connector-contract.js";

const metaError = (code: number, message: string) => ({ error: { message, type: "OAuthException", code, fbtrace_id: "Acontract" } });

runConnectorContract(metaAdsPlugin, {
  sandboxOptions: { breakdownBuckets: 2 },
  // Entity streams are not date-windowed; the engine plans them from startDate, and the kit's lookback check counts
  // their reads too. startDate = range start and a 30-day lookback make both begin on 2025-11-01.
  configOverrides: { pageSize: 40, startDate: "2025-11-01", lookbackDays: 30 },
  brokenConfig: { config: { accessToken: "t", accountIds: ["1234567890"] }, field: "accountIds.0" },
  badCredentials: { accessToken: "definitely-wrong-token" },
  range: { start: "2025-11-01", end: "2025-11-30" },
  faults: [
    { name: "user request limit (code 17)", apply: (s) => s.fail({ status: 400, body: metaError(17, "(#17) User request limit reached"), times: 2 }), clear: () => {}, expect: "succeeded" },
    { name: "business use case limit (code 80004)", apply: (s) => s.fail({ status: 400, body: metaError(80004, "There have been too many calls to this ad-account."), times: 1 }), clear: () => {}, expect: "succeeded" },
    { name: "temporary error (code 2, HTTP 500)", apply: (s) => s.fail({ status: 500, body: metaError(2, "An unexpected error has occurred. Please retry your request later."), times: 2 }), clear: () => {}, expect: "succeeded" },
    { name: "usage near the limit", apply: (s) => s.set({ usagePct: 95 }), clear: (s) => s.set({ usagePct: 5 }), expect: "succeeded" },
    { name: "expired token (code 190)", apply: (s) => s.set({ token: "rotated-elsewhere" }), clear: (s) => s.set({ token: s.config.accessToken }), expect: "failed" },
  ],
});
