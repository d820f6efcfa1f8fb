import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fitMmm } from "../../../src/analytics/attribution/mmm/fit-mmm.js";
import { geometricAdstock, hill, mediaFeature, weibullAdstock, weibullWeights } from "../../../src/analytics/attribution/mmm/transforms.js";
import { controlColumns } from "../../../src/analytics/attribution/mmm/controls.js";
import type { MmmModel } from "../../../src/analytics/attribution/mmm/types.js";
import { calibrationRows, roasPriorRows } from "../../../src/analytics/attribution/mmm/calibration.js";
import { optimizeBudget } from "../../../src/analytics/attribution/mmm/optimize-budget.js";
import { aggregateToGrain } from "../../../src/analytics/attribution/mmm/grain.js";
import { generateWorld } from "./mmm-world.js";

describe("media transforms", () => {
  it("geometric adstock is normalised: a_t = θa_{t−1} + (1 − θ)x_t", () => {
    expect(Array.from(geometricAdstock([1, 0, 0], 0.5))).toEqual([0.5, 0.25, 0.125]);
    expect(geometricAdstock(new Array(200).fill(10), 0.7)[199]).toBeCloseTo(10, 9);
  });
  it("Weibull weights sum to one and shape 1 decays like an exponential", () => {
    const w = weibullWeights(1, 2, 5);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w[1]! / w[0]!).toBeCloseTo(Math.exp(-0.5), 12);
    expect(Array.from(weibullAdstock([4, 0], 1, 2, 5))).toEqual([4 * w[0]!, 4 * w[1]!]);
  });
  it("weekly data's adstock runs within the week: spend spread over the steps, θ and the Hill curve per step, the period's mean", () => {
    // Two steps a period, θ 0.5, one lag (weights 1, ½ of 3/2): the fine series is 2, 2, 0, 0 (each step at the period's rate),
    // its adstock 4/3, 2, 2/3, 0, and Hill(α 1, K 1) gives 4/7, 2/3, 2/5, 0; each period is the mean of its two steps.
    const f = mediaFeature([2, 0], { type: "geometric", theta: 0.5, maxLag: 1, steps: 2 }, 1, 1);
    expect(f[0]).toBeCloseTo(13 / 21, 15);
    expect(f[1]).toBeCloseTo(1 / 5, 15);
    // A constant spend x keeps hill(x, α, K) once the window is full, as the per-period curve the optimiser uses.
    const steady = mediaFeature(new Array(12).fill(700), { type: "geometric", theta: 0.8, maxLag: 56, steps: 7 }, 2, 1000);
    expect(steady[11]).toBeCloseTo(hill(700, 2, 1000), 12);
    // No decay is no carry-over: each period is hill of its own spend.
    expect(Array.from(mediaFeature([1, 0], { type: "geometric", theta: 0, maxLag: 0, steps: 7 }, 1, 1))).toEqual([0.5, 0]);
  });
  it("Hill is ½ at K and x^α/(x^α + K^α) elsewhere", () => {
    expect(hill(2, 1, 2)).toBe(0.5);
    expect(hill(4, 2, 2)).toBe(0.8);
    expect(hill(0, 2, 2)).toBe(0);
  });
  it("builds trend, Fourier, weekday and US holiday controls", () => {
    const cols = controlColumns(["2024-07-03", "2024-07-04", "2024-07-05"], { grain: "day", fourierOrder: 1, country: "US" });
    expect(cols.map((c) => c.name)).toEqual(["trend", "sin1_year", "cos1_year", "weekday_2", "weekday_3", "weekday_4", "weekday_5", "weekday_6", "weekday_7", "holiday"]);
    expect(Array.from(cols.find((c) => c.name === "holiday")!.values)).toEqual([0, 1, 0]);
    expect(Array.from(cols.find((c) => c.name === "weekday_4")!.values)).toEqual([0, 1, 0]); // 2024-07-04 was a Thursday
  });
});

describe("parameter recovery on a known process (2 years daily, 3 channels, search confounded with seasonal demand)", () => {
  const world = generateWorld(730, 7);
  let model: MmmModel;
  beforeAll(async () => { model = await fitMmm(world.input, { bootstrap: 100 }); });

  it.each(["search", "tv", "social"])("%s: true ROAS inside the 90 %% interval and the point estimate within 20 %%", (name) => {
    const r = model.results.find((x) => x.channel === name)!;
    const truth = world.trueRoas[name]!;
    expect(truth).toBeGreaterThanOrEqual(r.roas!.low);
    expect(truth).toBeLessThanOrEqual(r.roas!.high);
    expect(Math.abs(r.roas!.value / truth - 1)).toBeLessThan(0.2);
  });
  it("fits well and reports R², NRMSE, MAPE and a decomposition that adds up to the prediction", () => {
    expect(model.fit.r2).toBeGreaterThan(0.95);
    expect(model.fit.mape).toBeLessThan(0.05);
    const row = model.decomposition[100]!;
    const sum = row.base + row.trend + row.seasonality + row.calendar + row.events + Object.values(row.channels).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(row.predicted, 6);
    expect(model.results.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
  it("reports response curves that start at zero and rise, and marginal ROAS below average ROAS (saturation)", () => {
    for (const r of model.results) {
      expect(r.responseCurve[0]).toEqual({ spend: 0, response: 0 });
      expect(r.responseCurve[12]!.response).toBeGreaterThan(r.responseCurve[4]!.response);
      expect(r.marginalRoas!.value).toBeLessThan(r.roas!.value);
    }
  });
});

describe("parameter recovery on the same kind of process summed into weeks (seed 9)", () => {
  // Social's dark weeks fall one or four weeks after a TV flight; transformed as weekly sums, TV's carry-over into the
  // week after its flight was misfitted and landed on social (+75.5 %). The weekly model's adstock now runs day by day.
  const world = generateWorld(730, 9);
  let model: MmmModel;
  beforeAll(async () => {
    const p = aggregateToGrain(world.input.dates, world.input.outcome, world.input.channels, [], "week", 1, true);
    model = await fitMmm({ ...p, grain: "week" }, { bootstrap: 20 });
  });
  it.each(["search", "tv", "social"])("%s: the point estimate within 20 %% of the true ROAS", (name) => {
    const r = model.results.find((x) => x.channel === name)!;
    expect(Math.abs(r.roas!.value / world.trueRoas[name]! - 1)).toBeLessThan(0.2);
  });
});

describe("Weibull adstock", () => {
  it("fits the same process with Weibull lags and still recovers every ROAS within 20 %", async () => {
    const world = generateWorld(730, 7);
    const model = await fitMmm(world.input, { adstock: "weibull", bootstrap: 20 });
    expect(model.channels.every((c) => c.adstock.type === "weibull")).toBe(true);
    for (const r of model.results) expect(Math.abs(r.roas!.value / world.trueRoas[r.channel]! - 1)).toBeLessThan(0.2);
  });
});

describe("calibration", () => {
  it("a weekly model replays a geo test on its days: a test from a Thursday to the next Tuesday cuts four days of one week and two of the next", () => {
    // Three weeks at 700, half the market goes dark (m 0) from 2024-01-11 to 2024-01-16, no carry-over, Hill(α 1, K 700):
    // the planned spend of the straddled weeks is 700 ÷ (1 − ½·4/7) = 980 and 700 ÷ (1 − ½·2/7) = 816⅔, and the replayed
    // lift is ½·(−4/7·hill(980) − 2/7·hill(816⅔)) = ½·(−4/7·7/12 − 2/7·7/13) = −19/78 (spreading the cut over whole weeks
    // would give ½·(hill(420) − hill(980) + hill(583⅓) − hill(816⅔)) = −0.146).
    const [row] = calibrationRows(["2024-01-01", "2024-01-08", "2024-01-15"], [{ name: "tv", spend: [700, 700, 700] }],
      [{ channel: "tv", start: "2024-01-11", end: "2024-01-16", incremental: -100, standardError: 10, design: { treatedShare: 0.5, spendMultiplier: 0 } }]);
    expect(row!.x({ adstock: { type: "geometric", theta: 0, maxLag: 0, steps: 7 }, alpha: 1, kappa: 1 })).toBeCloseTo(-19 / 78, 12);
  });

  it("a weekly model's replay counts the test's days only, not the carry-over into the rest of its last week", () => {
    // The same test with daily carry-over θ 0.5 over one lag (weights 1 and ½, normalised by 1.5), Hill(α 1, K 700): on the
    // test's days the treated adstock is (0 + ½·980)/1.5 = 326⅔ on its first day and 0 after; the planned one is 980, then
    // (816⅔ + ½·980)/1.5 = 871 1/9 on the Monday and 816⅔. Each day weighs 1/7 of its week, so the lift is
    // ½·(hill(326⅔) − 4·hill(980) − hill(871 1/9) − hill(816⅔))/7 = (7/22 − 7/3 − 56/101 − 7/13)/14. The Wednesday after the
    // test still carries a third of the cut (hill(544 4/9) − hill(816⅔) = 7/16 − 7/13), which the experiment did not measure.
    const [row] = calibrationRows(["2024-01-01", "2024-01-08", "2024-01-15"], [{ name: "tv", spend: [700, 700, 700] }],
      [{ channel: "tv", start: "2024-01-11", end: "2024-01-16", incremental: -100, standardError: 10, design: { treatedShare: 0.5, spendMultiplier: 0 } }]);
    expect(row!.x({ adstock: { type: "geometric", theta: 0.5, maxLag: 1, steps: 7 }, alpha: 1, kappa: 1 })).toBeCloseTo((7 / 22 - 7 / 3 - 56 / 101 - 7 / 13) / 14, 12);
  });

  const world = generateWorld(730, 7);
  it("an experiment that measured no lift pulls its channel's ROAS to near zero", async () => {
    const model = await fitMmm({ ...world.input, calibration: [{ channel: "social", start: world.input.dates[0]!, end: world.input.dates[729]!, incremental: 0, standardError: 1 }] }, { bootstrap: 20 });
    expect(model.results.find((r) => r.channel === "social")!.roas!.value).toBeLessThan(0.05);
  });
  it("replays a geo test: x = s·Σ_window [feature(planned × m) − feature(planned)], planned = actual ÷ (1 − s(1 − m))", () => {
    const dates = Array.from({ length: 10 }, (_, t) => `2024-01-${String(t + 1).padStart(2, "0")}`);
    const spend = dates.map((_, t) => (t === 3 || t === 4 ? 75 : 100)); // a quarter of the market went dark on days 4–5
    const [row] = calibrationRows(dates, [{ name: "social", spend }], [{ channel: "social", start: "2024-01-04", end: "2024-01-05", incremental: -40, standardError: 4, design: { treatedShare: 0.25, spendMultiplier: 0 } }]);
    // No adstock, Hill α = 1 with K = 1 × mean positive spend (95): planned 100 → 100/195, treated 0 → 0.
    expect(row!.x({ adstock: { type: "geometric", theta: 0 }, alpha: 1, kappa: 1 })).toBeCloseTo(0.25 * 2 * (0 - 100 / 195), 12);
    // Without a design the lift is the channel's whole contribution in the window: Σ feature(actual).
    const [plain] = calibrationRows(dates, [{ name: "social", spend }], [{ channel: "social", start: "2024-01-04", end: "2024-01-05", incremental: 40, standardError: 4 }]);
    expect(plain!.x({ adstock: { type: "geometric", theta: 0 }, alpha: 1, kappa: 1 })).toBeCloseTo(2 * (75 / 170), 12);
  });
  it("rejects a design that is not a share of the market, and calibrating an organic channel", async () => {
    const d = world.input.dates;
    await expect(fitMmm({ ...world.input, calibration: [{ channel: "social", start: d[0]!, end: d[9]!, incremental: -5, standardError: 1, design: { treatedShare: 1.2, spendMultiplier: 0 } }] }))
      .rejects.toThrow('Calibration of "social": design.treatedShare must be between 0 and 1 and design.spendMultiplier ≥ 0 and not 1.');
    const channels = world.input.channels.map((c) => (c.name === "social" ? { ...c, organic: true } : c));
    await expect(fitMmm({ ...world.input, channels, calibration: [{ channel: "social", start: d[0]!, end: d[9]!, incremental: 5, standardError: 1 }] }))
      .rejects.toThrow('Calibration names channel "social", which is organic (no spend); calibrate a paid channel.');
  });
  it("a ROAS prior is the row x = Σ feature ÷ Σ spend with the prior's mean as target", () => {
    const [row] = roasPriorRows([{ name: "social", spend: [100, 0, 300] }], [{ channel: "social", roas: 2.5, standardError: 0.2 }]);
    // No adstock, Hill α = 1 with K = 1 × mean positive spend (200): 100/300 + 0 + 300/500 over 400 of spend.
    expect(row!.x({ adstock: { type: "geometric", theta: 0 }, alpha: 1, kappa: 1 })).toBeCloseTo((100 / 300 + 300 / 500) / 400, 15);
    expect([row!.column, row!.target, row!.se]).toEqual([0, 2.5, 0.2]);
  });
  it("a tight ROAS prior sets its channel's ROAS (the posterior mode), whatever the data say", async () => {
    const model = await fitMmm(world.input, { bootstrap: 10, roasPriors: [{ channel: "social", roas: 0.5, standardError: 1e-4 }] });
    expect(model.results.find((r) => r.channel === "social")!.roas!.value).toBeCloseTo(0.5, 3);
  });
  it("rejects a ROAS prior on an organic or unknown channel, or without a positive standard error", async () => {
    const channels = world.input.channels.map((c) => (c.name === "social" ? { ...c, organic: true } : c));
    await expect(fitMmm({ ...world.input, channels }, { roasPriors: [{ channel: "social", roas: 1, standardError: 0.1 }] }))
      .rejects.toThrow('ROAS prior names channel "social", which is organic (no spend); give priors to paid channels.');
    await expect(fitMmm(world.input, { roasPriors: [{ channel: "radio", roas: 1, standardError: 0.1 }] })).rejects.toThrow('ROAS prior names channel "radio", which is not in the data.');
    await expect(fitMmm(world.input, { roasPriors: [{ channel: "tv", roas: 1, standardError: 0 }] })).rejects.toThrow('ROAS prior of "tv" needs a positive standard error.');
  });
  it("rejects a calibration for a channel that is not in the data", async () => {
    await expect(fitMmm({ ...world.input, calibration: [{ channel: "radio", start: "2022-01-03", end: "2022-02-01", incremental: 5, standardError: 1 }] })).rejects.toThrow(/channel "radio"/);
  });
  it("rejects spend series of the wrong length", async () => {
    await expect(fitMmm({ ...world.input, channels: [{ name: "tv", spend: [1, 2] }] })).rejects.toThrow(/"tv" has 2 spend values for 730 dates/);
  });
});

describe("organic channels (media without spend)", () => {
  const world = generateWorld(730, 7);
  let model: MmmModel;
  beforeAll(async () => {
    model = await fitMmm({ ...world.input, channels: world.input.channels.map((c) => (c.name === "social" ? { ...c, organic: true } : c)) }, { bootstrap: 10 });
  });
  it("get a contribution and share on their volume but no ROAS", () => {
    const social = model.results.find((r) => r.channel === "social")!;
    expect(social).toMatchObject({ organic: true, spend: 0, roas: null, marginalRoas: null });
    expect(social.volume).toBeCloseTo(world.input.channels.find((c) => c.name === "social")!.spend.reduce((a, b) => a + b, 0), 6);
    expect(social.contribution.value).toBeGreaterThan(0);
    expect(model.results.find((r) => r.channel === "tv")).toMatchObject({ organic: false, volume: null });
    expect(model.channels.find((c) => c.name === "social")!.organic).toBe(true);
  });
  it("are held at their average volume by the budget optimiser, which allocates only paid channels", () => {
    const plan = optimizeBudget(model, 3000, { periods: 1 });
    expect(plan.allocation.map((a) => a.channel)).toEqual(["search", "tv"]);
    expect(plan.allocation.reduce((s, a) => s + a.spend, 0)).toBeCloseTo(3000, 6);
    const social = model.channels.find((c) => c.name === "social")!;
    const organicPerPeriod = social.beta * hill(social.meanSpend, social.alpha, social.k);
    expect(plan.expectedTotalOutcome.value).toBeCloseTo(plan.expectedMediaOutcome.value + model.baselinePerPeriod + organicPerPeriod, 6);
    expect(() => optimizeBudget(model, 3000, { constraints: [{ channel: "social", min: 10 }] })).toThrow('Constraint names channel "social", which is organic (no spend) and is not allocated.');
    expect(() => optimizeBudget({ ...model, channels: model.channels.filter((c) => c.organic) }, 3000)).toThrow("The model has no paid channel to allocate a budget to.");
  });
});

describe("mmm_example.csv (pymc-marketing, weekly, x1 and x2)", () => {
  it("attributes most of the media effect to x1", async () => {
    const lines = readFileSync(new URL("../../../../shared/datasets/mmm_example.csv", import.meta.url), "utf8").trim().split("\n");
    const head = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i]!, v])));
    const model = await fitMmm({
      dates: rows.map((r) => r.date_week!), grain: "week", outcome: rows.map((r) => Number(r.y)),
      channels: ["x1", "x2"].map((c) => ({ name: c, spend: rows.map((r) => Number(r[c])) })),
      events: ["event_1", "event_2"].map((e) => ({ name: e, values: rows.map((r) => Number(r[e])) })),
    }, { bootstrap: 50 });
    const x1 = model.results.find((r) => r.channel === "x1")!;
    expect(x1.share).toBeGreaterThan(0.6);
    expect(model.fit.r2).toBeGreaterThan(0.9);
  });
});
