import { beforeAll, describe, expect, it } from "vitest";
import { fitMmm } from "../../../src/analytics/attribution/mmm/fit-mmm.js";
import type { MmmModel } from "../../../src/analytics/attribution/mmm/types.js";
import { createWorld, type WorldTruth } from "../../../src/plugins/sandbox/world.js";

// The sandbox world (src/plugins/sandbox) generates revenue from a known process that is not the MMM's
// own form (multiplicative weekday, trend, holiday and noise effects on base revenue; unnormalised
// adstock). Fitted on two years of its true daily media and revenue, the MMM recovers each paid
// channel's ROAS within 30 % (seed 20250901: meta −24 %, google_ads +25 %, tiktok −19 %) with the truth
// inside the 90 % interval — without experiments; the demo's calibrated model (test/db/attribution-demo.test.ts)
// gets within 6 %. Klaviyo's media are e-mail sends, not spend: it enters as an organic channel, whose
// contribution (far less than the truth) is not asserted.
describe("MMM recovery on the sandbox world's causal process", () => {
  let truth: WorldTruth;
  let model: MmmModel;
  const paid = ["meta", "google_ads", "tiktok"] as const;
  beforeAll(async () => {
    truth = createWorld({ start: "2024-01-01", end: "2025-12-31" }).truth();
    const channels = (["meta", "google_ads", "tiktok", "klaviyo"] as const).map((p) => ({ name: p, spend: truth.days.map((d) => d.media[p]), organic: p === "klaviyo" }));
    model = await fitMmm({ dates: truth.days.map((d) => d.date), grain: "day", outcome: truth.days.map((d) => d.revenue), channels, country: "US" }, { bootstrap: 100 });
  });

  it.each(paid)("%s: true ROAS within 30 %% of the estimate and inside its interval", (p) => {
    const r = model.results.find((x) => x.channel === p)!;
    const trueRoas = truth.channels[p].roas!;
    expect(Math.abs(r.roas!.value / trueRoas - 1)).toBeLessThan(0.3);
    expect(trueRoas).toBeGreaterThanOrEqual(r.roas!.low);
    expect(trueRoas).toBeLessThanOrEqual(r.roas!.high);
  });
  it("explains most of the daily revenue (R² > 0.8) and credits paid media within 15 % of the true total", () => {
    expect(model.fit.r2).toBeGreaterThan(0.8);
    const est = paid.reduce((s, p) => s + model.results.find((x) => x.channel === p)!.contribution.value, 0);
    const real = paid.reduce((s, p) => s + truth.channels[p].incrementalRevenue, 0);
    expect(Math.abs(est / real - 1)).toBeLessThan(0.15);
  });
});
