import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { runConnectorContract } from "./connector-contract.js";

runConnectorContract(jsonHttpPlugin, {
  sandboxOptions: { campaigns: 2, adsPerCampaign: 2 },
  configOverrides: { pageSize: 15 },
  brokenConfig: { config: { baseUrl: "not a url", token: "t", accountId: "a" }, field: "baseUrl" },
  badCredentials: { token: "definitely-wrong-token" },
  range: { start: "2024-02-01", end: "2024-03-31" },
  faults: [
    { name: "429 with Retry-After", apply: (s) => s.set({ faults: { rateLimitEvery: 2, retryAfterSeconds: 0 } }), clear: (s) => s.set({ faults: {} }), expect: "succeeded" },
    { name: "503s", apply: (s) => s.set({ faults: { errorEvery: 3 } }), clear: (s) => s.set({ faults: {} }), expect: "succeeded" },
    { name: "truncated JSON", apply: (s) => s.set({ faults: { truncateEvery: 4 } }), clear: (s) => s.set({ faults: {} }), expect: "succeeded" },
    { name: "slow responses", apply: (s) => s.set({ faults: { slowEvery: 2, slowMs: 50 } }), clear: (s) => s.set({ faults: {} }), expect: "succeeded" },
    { name: "expired token", apply: (s) => s.set({ faults: { expiredToken: true } }), clear: (s) => s.set({ faults: {} }), expect: "failed" },
  ],
});
