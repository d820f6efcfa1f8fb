import { describe, expect, it } from "vitest";
import { optimizeBudget } from "../../../src/analytics/attribution/mmm/optimize-budget.js";

// Two channels with α = 1 Hill curves: f1 = 400·x/(x+10), f2 = 100·x/(x+10). Equal marginals
// 4000/(x1+10)² = 1000/(x2+10)² with x1 + x2 = 40 give x1 = 30, x2 = 10 exactly.
const channel = (name: string, beta: number, meanSpend: number) => ({
  name, adstock: { type: "geometric" as const, theta: 0 }, alpha: 1, k: 10, beta, meanSpend,
  draws: [0.8, 0.9, 1, 1.1, 1.2].map((m) => ({ beta: beta * m, alpha: 1, k: 10 })),
});
const model = { channels: [channel("a", 400, 20), channel("b", 100, 20)], baselinePerPeriod: 1000, level: 0.9 };

describe("optimizeBudget", () => {
  it("equalises marginal returns: 30 / 10 for a budget of 40", () => {
    const plan = optimizeBudget(model, 40);
    expect(plan.allocation[0]!.perPeriod).toBeCloseTo(30, 1);
    expect(plan.allocation[1]!.perPeriod).toBeCloseTo(10, 1);
    expect(plan.expectedMediaOutcome.value).toBeCloseTo(400 * 0.75 + 100 * 0.5, 1);
    expect(plan.expectedTotalOutcome.value).toBeCloseTo(1350, 1);
  });
  it("beats the current 50/50 mix (350 vs 333.3)", () => {
    const plan = optimizeBudget(model, 40);
    expect(plan.currentMixMediaOutcome).toBeCloseTo(400 * (2 / 3) + 100 * (2 / 3), 9);
    expect(plan.expectedMediaOutcome.value).toBeGreaterThan(plan.currentMixMediaOutcome);
  });
  it("respects per-channel bounds", () => {
    const plan = optimizeBudget(model, 40, { constraints: [{ channel: "a", max: 20 }] });
    expect(plan.allocation[0]!.perPeriod).toBeCloseTo(20, 9);
    expect(plan.allocation[1]!.perPeriod).toBeCloseTo(20, 9);
  });
  it("spreads a budget over periods and scales the outcome and its interval", () => {
    const plan = optimizeBudget(model, 400, { periods: 10 });
    expect(plan.allocation[0]!.spend).toBeCloseTo(300, 0);
    expect(plan.expectedMediaOutcome.value).toBeCloseTo(3500, 0);
    expect(plan.expectedMediaOutcome.low).toBeCloseTo(3500 * 0.82, 0); // 5th percentile of draws ×{0.8 … 1.2}: 0.8 + 0.2·0.1 (type 7)
    expect(plan.expectedMediaOutcome.high).toBeCloseTo(3500 * 1.18, 0);
  });
  it("says what to fix when the bounds cannot meet the budget", () => {
    expect(() => optimizeBudget(model, 40, { constraints: [{ channel: "a", max: 5 }, { channel: "b", max: 5 }] })).toThrow(/maximums add up to 10 per period, less than the budget of 40/);
    expect(() => optimizeBudget(model, 40, { constraints: [{ channel: "c", max: 5 }] })).toThrow(/channel "c"/);
  });
});
