import { klaviyoPlugin } from "../../src/plugins/klaviyo/klaviyo.plugin.js";
import { runConnectorContract } from "./connector-contract.js";

// Klaviyo's real pacing (2 reports a minute) would make this file take an hour; the emulator and the config agree on faster limits.
const FAST = { perSecond: 50, perMinute: 3000, perDay: 10_000 };

runConnectorContract(klaviyoPlugin, {
  sandboxOptions: { reportLimits: FAST },
  brokenConfig: { config: { apiKey: "pk_x", revision: "latest" }, field: "revision" },
  badCredentials: { apiKey: "pk_definitely_wrong_key" },
  range: { start: "2025-11-01", end: "2025-11-30" },
  faults: [
    { name: "429 with Retry-After", apply: (s) => s.emulator.addFault({ kind: "rate_limit", route: "campaign-values", times: 2, retryAfterSeconds: 1 }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "HTTP 500s", apply: (s) => s.emulator.addFault({ kind: "server_error", route: "flow-series", times: 2 }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "truncated JSON", apply: (s) => s.emulator.addFault({ kind: "truncated", route: "metric-aggregates", times: 1 }), clear: (s) => s.emulator.clearFaults(), expect: "succeeded" },
    { name: "revoked key (401)", apply: (s) => s.emulator.addFault({ kind: "expired_token" }), clear: (s) => s.emulator.clearFaults(), expect: "failed" },
  ],
});
