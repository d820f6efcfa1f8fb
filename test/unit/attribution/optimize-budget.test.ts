import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { optimizeBudget } from "../../../src/analytics/attribution/mmm/optimize-budget.js";
import { hill } from "../../../src/analytics/attribution/mmm/transforms.js";

// Two channels with α = 1 Hill curves: f1 = 400·x/(x+10), f2 = 100·x/(x+10). Equal marginals
// 4000/(x1+10)² = 1000/(x2+10)² with x1 + x2 = 40 give x1 = 30, x2 = 10 exactly.
const channel = (name: string, beta: number, meanSpend: number, alpha = 1, k = 10) => ({
  name, adstock: { type: "geometric" as const, theta: 0 }, alpha, k, beta, meanSpend,
  draws: [0.8, 0.9, 1, 1.1, 1.2].map((m) => ({ beta: beta * m, alpha, k })),
});
const model = { channels: [channel("a", 400, 20), channel("b", 100, 20)], baselinePerPeriod: 1000, level: 0.9 };

/** Best Σ β·hill(x) over every split of the budget on a grid of `steps` (2 or 3 channels). */
function bruteForce(chs: { beta: number; alpha: number; k: number }[], budget: number, steps: number) {
  const f = (j: number, x: number) => chs[j]!.beta * hill(x, chs[j]!.alpha, chs[j]!.k);
  let best = -Infinity;
  for (let i = 0; i <= steps; i++) {
    const x0 = (budget * i) / steps;
    if (chs.length === 2) { best = Math.max(best, f(0, x0) + f(1, budget - x0)); continue; }
    for (let j = 0; j <= steps - i; j++) {
      const x1 = (budget * j) / steps;
      best = Math.max(best, f(0, x0) + f(1, x1) + f(2, budget - x0 - x1));
    }
  }
  return best;
}

describe("optimizeBudget", () => {
  it("equalises marginal returns: 30 / 10 for a budget of 40", () => {
    const plan = optimizeBudget(model, 40);
    expect(plan.allocation[0]!.perPeriod).toBeCloseTo(30, 4);
    expect(plan.allocation[1]!.perPeriod).toBeCloseTo(10, 4);
    expect(plan.expectedMediaOutcome.value).toBeCloseTo(400 * 0.75 + 100 * 0.5, 6);
    expect(plan.expectedTotalOutcome.value).toBeCloseTo(1350, 6);
    // Marginal ROAS 400·10/40² = 2.5 = 100·10/20²: equal at the optimum; at the current 20/20: 4000/900 and 1000/900.
    expect(plan.allocation.map((a) => a.marginalRoas.value)).toEqual([expect.closeTo(2.5, 4), expect.closeTo(2.5, 4)]);
    expect(plan.allocation.map((a) => a.currentMarginalRoas.value)).toEqual([expect.closeTo(4000 / 900, 9), expect.closeTo(1000 / 900, 9)]);
    expect(plan.allocation.map((a) => a.bound)).toEqual([null, null]);
  });
  it("reports the current mix at the same budget with its interval, and the gain over it", () => {
    const plan = optimizeBudget(model, 40);
    const current = 400 * (2 / 3) + 100 * (2 / 3);
    expect(plan.currentMixMediaOutcome).toBeCloseTo(current, 9);
    expect(plan.currentMediaOutcome.value).toBeCloseTo(current, 9);
    expect(plan.currentMediaOutcome.low).toBeCloseTo(current * 0.82, 6);
    expect(plan.currentTotalOutcome.value).toBeCloseTo(1000 + current, 9);
    expect(plan.allocation.map((a) => a.currentPlanPerPeriod)).toEqual([20, 20]);
    expect(plan.gain.value).toBeCloseTo(350 - current, 6);
    expect(plan.gain.low).toBeGreaterThan(0);
    expect(plan.warnings).toEqual([]);
  });
  it("widens the gain interval by the optimism of re-optimised replicates (winner's curse)", () => {
    // Fitted 400/100 (α = 1, k = 10) at a budget of 40: plan 30/10, gain 350 − 1000/3 = 50/3 over the current 20/20.
    // Replicates (β_a, β_b): (100, 400), three × (400, 100), (800, 200). With two α = 1 curves the optimum has
    // (x_a + 10)/(x_b + 10) = √(β_a/β_b): 10/30 for the first replicate, 30/10 for the others.
    // Paired gains at 30/10: −175/3, 50/3 ×3, 100/3 → 5th/95th percentiles (type 7) −130/3 and 30.
    // Optimism e = replicate's gain of its own plan − fitted gain of that plan: 50/3 − (−175/3) = 75 for the first,
    // 100/3 − 50/3 for the last, 0 else → 95th percentile 50/3 + 0.8·(75 − 50/3) = 190/3, 5th 0, so the pivot
    // [50/3 − 190/3, 50/3] = [−140/3, 50/3]; the interval takes the lower low and the higher high.
    const draws = [[100, 400], [400, 100], [400, 100], [400, 100], [800, 200]];
    const chs = ["a", "b"].map((name, j) => ({ ...channel(name, j ? 100 : 400, 20), draws: draws.map((d) => ({ beta: d[j]!, alpha: 1, k: 10 })) }));
    const plan = optimizeBudget({ channels: chs, baselinePerPeriod: 0, level: 0.9 }, 40);
    expect(plan.gain.value).toBeCloseTo(50 / 3, 6);
    expect(plan.gain.low).toBeCloseTo(-140 / 3, 6);
    expect(plan.gain.high).toBeCloseTo(30, 6);
  });
  it("respects per-channel bounds and says which bind", () => {
    const plan = optimizeBudget(model, 40, { constraints: [{ channel: "a", max: 20 }] });
    expect(plan.allocation[0]!.perPeriod).toBeCloseTo(20, 9);
    expect(plan.allocation[1]!.perPeriod).toBeCloseTo(20, 9);
    expect(plan.allocation.map((a) => a.bound)).toEqual(["max", null]);
    expect(optimizeBudget(model, 40, { constraints: [{ channel: "b", min: 15 }] }).allocation.map((a) => a.bound)).toEqual([null, "min"]);
  });
  it("spreads a budget over periods and scales the outcome and its interval", () => {
    const plan = optimizeBudget(model, 400, { periods: 10 });
    expect(plan.allocation[0]!.spend).toBeCloseTo(300, 3);
    expect(plan.expectedMediaOutcome.value).toBeCloseTo(3500, 3);
    expect(plan.expectedMediaOutcome.low).toBeCloseTo(3500 * 0.82, 3); // 5th percentile of draws ×{0.8 … 1.2}: 0.8 + 0.2·0.1 (type 7)
    expect(plan.expectedMediaOutcome.high).toBeCloseTo(3500 * 1.18, 3);
  });
  it("says what to fix when the bounds cannot meet the budget", () => {
    expect(() => optimizeBudget(model, 40, { constraints: [{ channel: "a", max: 5 }, { channel: "b", max: 5 }] })).toThrow(/maximums add up to 10 per period, less than the budget of 40/);
    expect(() => optimizeBudget(model, 40, { constraints: [{ channel: "c", max: 5 }] })).toThrow(/channel "c"/);
  });

  // S-shaped curves: a step-by-step allocator never starts the α = 3 channel, whose first units return
  // almost nothing; the global optimum funds it.
  const cases = [
    { name: "an S-shaped channel against a concave one", chs: [channel("s", 1000, 30, 3, 30), channel("c", 200, 30, 1, 20)], budget: 60 },
    { name: "two S-shaped channels", chs: [channel("s1", 500, 10, 2.5, 15), channel("s2", 800, 10, 4, 40)], budget: 50 },
    { name: "three channels, two S-shaped", chs: [channel("s1", 600, 10, 3, 25), channel("c", 150, 10, 1, 10), channel("s2", 900, 10, 2, 60)], budget: 90 },
    { name: "three concave channels", chs: [channel("a", 300, 10, 0.7, 20), channel("b", 200, 10, 1, 5), channel("c", 250, 10, 1, 40)], budget: 70 },
  ];
  for (const c of cases) {
    it(`matches brute force over a 1 000-step grid within 0.5 %: ${c.name}`, () => {
      const plan = optimizeBudget({ channels: c.chs, baselinePerPeriod: 0, level: 0.9 }, c.budget);
      const brute = bruteForce(c.chs, c.budget, 1000);
      expect(plan.expectedMediaOutcome.value).toBeGreaterThanOrEqual(brute * 0.995);
      expect(plan.expectedMediaOutcome.value).toBeLessThanOrEqual(brute * 1.005);
      expect(plan.allocation.reduce((s, a) => s + a.perPeriod, 0)).toBeCloseTo(c.budget, 9);
      expect(plan.expectedMediaOutcome.value).toBeGreaterThanOrEqual(plan.currentMediaOutcome.value);
    });
  }
  it("funds an S-shaped channel fully rather than stranding it at zero", () => {
    // s: 1000·x³/(x³+30³); c: 200·x/(x+20). Budget 60: all on s gives 1000·216000/243000 = 888.9;
    // the step-by-step allocator put everything on c (200·60/80 = 150).
    const plan = optimizeBudget({ channels: cases[0]!.chs, baselinePerPeriod: 0, level: 0.9 }, 60);
    expect(plan.allocation[0]!.perPeriod).toBeGreaterThan(50);
    expect(plan.expectedMediaOutcome.value).toBeGreaterThan(888.9);
  });
  it("never proposes a plan predicted below the current mix, even when the grid is coarse", () => {
    const chs = [channel("s", 1000, 31, 8, 30), channel("c", 50, 29, 1, 20)];
    const plan = optimizeBudget({ channels: chs, baselinePerPeriod: 0, level: 0.9 }, 60, { gridSteps: 3 });
    expect(plan.expectedMediaOutcome.value).toBeGreaterThanOrEqual(plan.currentMediaOutcome.value);
    expect(plan.gain.value).toBeGreaterThanOrEqual(0);
  });
  it("warns when the current mix breaks the bounds and compares with the nearest mix inside them", () => {
    const plan = optimizeBudget(model, 40, { constraints: [{ channel: "a", max: 10 }] });
    expect(plan.allocation.map((a) => a.currentPlanPerPeriod)).toEqual([10, 30]);
    // There the nearest mix inside the bounds is also the best one.
    expect(plan.warnings).toEqual([
      "The current mix breaks the bounds at this budget; the plan is compared with the nearest mix inside them.",
      "No plan within the bounds is predicted to beat the current mix by more than rounding; keep it.",
    ]);
  });

  // The demo's calibrated model as it was fitted on the window 2025-12-01 … 2026-11-30 (issue #15): Meta's curve
  // is S-shaped (α 2.5). The step-by-step allocator gave Meta 0 at a daily budget of 7,000 and predicted a media
  // outcome of 9,290 against 14,380 for the current mix; at 5,000, 8,690 against 11,401.
  const demo = JSON.parse(readFileSync(new URL("./demo-mmm-2026.json", import.meta.url), "utf8")) as { baselinePerPeriod: number; level: number; channels: { name: string; alpha: number; k: number; beta: number; meanSpend: number; organic?: boolean; adstock: { type: "geometric"; theta: number }; draws: number[][] }[] };
  const demoModel = { ...demo, channels: demo.channels.map((c) => ({ ...c, draws: c.draws.map(([beta, alpha, k]) => ({ beta: beta!, alpha: alpha!, k: k! })) })) };
  it.each([[7000, 14380], [5000, 11401]])("the demo model at a daily budget of %i: funds Meta, beats the current mix (%i) and matches brute force", (budget, current) => {
    const plan = optimizeBudget(demoModel, budget);
    expect(Math.round(plan.currentMediaOutcome.value)).toBe(current);
    expect(plan.allocation.find((a) => a.channel === "meta")!.perPeriod).toBeGreaterThan(budget * 0.4);
    expect(plan.expectedMediaOutcome.value).toBeGreaterThan(current);
    const paid = demoModel.channels.filter((c) => !c.organic);
    const brute = bruteForce(paid, budget, 1000);
    expect(plan.expectedMediaOutcome.value / brute).toBeGreaterThan(0.9995);
    expect(plan.expectedMediaOutcome.value / brute).toBeLessThan(1.005);
    // At an interior optimum every funded channel's marginal ROAS is the same.
    const m = plan.allocation.map((a) => a.marginalRoas.value);
    for (const v of m) expect(v / m[0]!).toBeCloseTo(1, 3);
    expect(plan.allocation.every((a) => a.marginalRoas.low <= a.marginalRoas.value && a.marginalRoas.value <= a.marginalRoas.high)).toBe(true);
  });
});
