import { describe, expect, it } from "vitest";
import { fillByValue, thompsonBudget, type Arm } from "../../../src/analytics/causal/thompson.js";

const days = (n: number, spend: number, roas: number, wobble = 0.2): Arm["days"] =>
  Array.from({ length: n }, (_, i) => ({ spend, clicks: spend, conversions: spend * 0.05, revenue: spend * roas * (1 + (i % 2 ? wobble : -wobble)) }));

describe("Thompson-sampling budgets", () => {
  const arms: Arm[] = [
    { key: "meta", days: days(60, 100, 3) },
    { key: "google_ads", days: days(60, 100, 2) },
    { key: "tiktok", days: days(5, 100, 2.2, 0.8) },
  ];

  it("gives the clear winner the budget beyond the floors, keeps floors for learning, and is reproducible by seed", () => {
    const r = thompsonBudget(arms, { model: "gaussian_roas", budget: 1000, explorationFloor: 0.1, seed: 42 });
    const by = Object.fromEntries(r.arms.map((a) => [a.key, a]));
    expect(r.arms.reduce((s, a) => s + a.recommendedSpend, 0)).toBeCloseTo(1000, 9);
    expect(by.google_ads!.recommendedSpend).toBeGreaterThanOrEqual(100 - 1e-9);
    expect(by.meta!.probabilityBest).toBeGreaterThan(0.8);
    expect(by.meta!.probabilityBest + by.tiktok!.probabilityBest + by.google_ads!.probabilityBest).toBeCloseTo(1, 12);
    expect(by.meta!.recommendedSpend).toBeGreaterThan(by.tiktok!.recommendedSpend);
    // TikTok's few noisy days keep it uncertain: more budget than the certain loser.
    expect(by.tiktok!.recommendedSpend).toBeGreaterThan(by.google_ads!.recommendedSpend);
    expect(by.meta!.valuePerSpend).toBeCloseTo(3, 1);
    expect(thompsonBudget(arms, { model: "gaussian_roas", budget: 1000, explorationFloor: 0.1, seed: 42 })).toEqual(r);
  });

  it("respects per-arm caps and minimums", () => {
    const capped = arms.map((a) => (a.key === "meta" ? { ...a, max: 300 } : a.key === "google_ads" ? { ...a, min: 250 } : a));
    const r = thompsonBudget(capped, { model: "gaussian_roas", budget: 1000, explorationFloor: 0, seed: 1 });
    const by = Object.fromEntries(r.arms.map((a) => [a.key, a.recommendedSpend]));
    expect(by.meta).toBeLessThanOrEqual(300 + 1e-9);
    expect(by.meta).toBeGreaterThan(250);
    expect(by.google_ads).toBeGreaterThanOrEqual(250 - 1e-9);
  });

  it("beta-binomial: conversions per unit of spend = conversion rate × clicks per unit of spend", () => {
    const r = thompsonBudget([{ key: "a", days: [{ spend: 200, clicks: 1000, conversions: 100, revenue: 0 }] }, { key: "b", days: [{ spend: 200, clicks: 1000, conversions: 20, revenue: 0 }] }], { model: "beta_binomial", budget: 100, explorationFloor: 0, seed: 3 });
    // Posterior mean of Beta(101, 901) is 101/1002, times 5 clicks per unit of spend.
    expect(r.arms[0]!.valuePerSpend).toBeCloseTo((101 / 1002) * 5, 2);
    expect(r.arms[0]!.probabilityBest).toBe(1);
  });

  it("fills floors first, then by value up to caps", () => {
    expect(fillByValue([1, 3, 2], 100, [10, 10, 10], [100, 40, 100])).toEqual([10, 40, 50]);
  });

  it("refuses floors that exceed the budget, saying what to lower", () => {
    expect(() => thompsonBudget(arms.map((a) => ({ ...a, min: 500 })), { model: "gaussian_roas", budget: 1000 })).toThrow("The floors add up to 1500.00, more than the budget 1000; lower the exploration floor or the minimums.");
  });
});
