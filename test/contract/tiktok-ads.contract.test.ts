import { tiktokAdsPlugin } from "../../src/plugins/tiktok-ads/tiktok-ads.plugin.js";
import { runConnectorContract } from "./connector-contract.js";

runConnectorContract(tiktokAdsPlugin, {
  configOverrides: { pageSize: 50 },
  brokenConfig: { config: { accessToken: "t", advertiserIds: ["act_123"] }, field: "advertiserIds.0" },
  badCredentials: { accessToken: "definitely-wrong-token" },
  range: { start: "2025-11-01", end: "2025-11-30" },
  faults: [
    { name: "rate limit (code 40100)", apply: (s) => s.emulator.addFault({ kind: "rate_limit", route: "report", times: 2, retryAfterSeconds: null }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "system error (code 50000)", apply: (s) => s.emulator.addFault({ kind: "server_error", route: "ad", times: 1 }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "service busy (code 40700)", apply: (s) => s.failWith("campaign", 40700, 2), clear: () => {}, expect: "succeeded" },
    { name: "query too large (code 40067)", apply: (s) => s.failWith("report", 40067, 1), clear: () => {}, expect: "succeeded" },
    { name: "truncated JSON", apply: (s) => s.emulator.addFault({ kind: "truncated", route: "report", times: 1 }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "revoked token (code 40105)", apply: (s) => s.emulator.addFault({ kind: "expired_token" }), clear: (s) => s.emulator.clearFaults(), expect: "failed" },
  ],
});
