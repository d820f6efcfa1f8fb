import { describe, expect, it } from "vitest";
import { builtinPlugins, createPluginRegistry } from "../../../src/plugins/registry.js";
import { previewTransform } from "../../../src/sync/ingest.js";

// GraphQL variables stop at 64 levels (src/server/variable-guard.ts), but records also arrive from platforms and files:
// one nested deep enough to overflow the stack is a reject about its shape, never "Maximum call stack size exceeded".
describe("a raw record nested 100,000 levels deep", () => {
  it("is rejected with a reason about its shape, and the records beside it are normalized", () => {
    const depth = 100_000;
    const deep = JSON.parse(`{"ad_id":"1","date_start":"2024-05-01","date_stop":"2024-05-01","account_currency":"USD","spend":${"[".repeat(depth)}1${"]".repeat(depth)}}`);
    const ok = { ad_id: "2", date_start: "2024-05-01", date_stop: "2024-05-01", account_currency: "USD", spend: "1.25" };
    const p = previewTransform(createPluginRegistry([builtinPlugins["meta-ads"]!]), { pluginId: "meta-ads", stream: "ad_insights", records: [deep, ok] }, 10);
    expect(p.rejects).toEqual([{ index: 0, reason: "could not be normalized: the record does not have the shape of a Meta Ads ad_insights record" }]);
    expect(p.facts.map((f) => [f.adId, f.spend])).toEqual([["2", "1.25"]]);
  });
});
