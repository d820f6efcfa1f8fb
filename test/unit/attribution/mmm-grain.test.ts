import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../../src/dates.js";
import { fitMmm } from "../../../src/analytics/attribution/mmm/fit-mmm.js";
import { aggregateToGrain, detectGrain } from "../../../src/analytics/attribution/mmm/grain.js";
import { optimizeBudget } from "../../../src/analytics/attribution/mmm/optimize-budget.js";
import type { Estimate, MmmModel } from "../../../src/analytics/attribution/mmm/types.js";

// pymc-marketing's mmm_example.csv: 179 weeks starting Monday 2018-04-02, outcome y, spends x1 and x2.
const lines = readFileSync(new URL("../../../../shared/datasets/mmm_example.csv", import.meta.url), "utf8").trim().split("\n");
const head = lines[0]!.split(",");
const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i]!, v])));
const weeks = rows.map((r) => r.date_week!);
const num = (c: string) => rows.map((r) => Number(r[c]));

// The same facts as a store holds them: one row per calendar day, the week's value on its Monday, 0 elsewhere.
const days = Array.from({ length: 179 * 7 }, (_, i) => addDays("2018-04-02", i));
const daily = (weekly: number[]) => days.map((_, i) => (i % 7 === 0 ? weekly[i / 7]! : 0));
const channels = ["x1", "x2"].map((c) => ({ name: c, spend: daily(num(c)) }));
const events = ["event_1", "event_2"].map((e) => ({ name: e, values: daily(num(e)).map((v) => v * 7) }));

describe("the grain of the facts", () => {
  it("detects weekly facts on Mondays and rebuilds exactly the file's 179 weeks from the daily rows", () => {
    const series = [{ name: "y", values: daily(num("y")) }, ...channels.map((c) => ({ name: c.name, values: c.spend }))];
    expect(detectGrain(days, series)).toEqual({ grain: "week", weekday: 1 });
    const p = aggregateToGrain(days, daily(num("y")), channels, events, "week", 1, false);
    expect(p.dates).toEqual(weeks);
    expect(p.outcome).toEqual(num("y"));
    expect(p.channels.map((c) => c.spend)).toEqual([num("x1"), num("x2")]);
    expect(p.events[0]!.values).toEqual(num("event_1"));
  });
  it("refuses mixed grains and says what to do; an explicit coarser grain sums the daily series into weeks", () => {
    const y = num("y").flatMap((v) => Array.from({ length: 7 }, () => v / 7)); // the outcome as daily sales
    const series = [{ name: "revenue", values: y }, ...channels.map((c) => ({ name: c.name, values: c.spend }))];
    expect(() => detectGrain(days, series)).toThrow(
      'The facts mix grains: x1 is weekly (on Mondays), revenue is daily. Load every series at one grain, or set the model\'s grain to "week" (mmm: { grain: "week" }) to sum the finer series into weekly periods.');
    expect(detectGrain(days, series, "week")).toEqual({ grain: "week", weekday: 1 });
    const p = aggregateToGrain(days, y, channels, [], "week", 1, true);
    expect(p.dates).toEqual(weeks);
    p.outcome.forEach((v, t) => expect(v).toBeCloseTo(num("y")[t]!, 9));
  });
  it("refuses a daily model on weekly facts, and weeks that start on different days", () => {
    const series = [{ name: "y", values: daily(num("y")) }, { name: "x1", values: channels[0]!.spend }];
    expect(() => detectGrain(days, series, "day")).toThrow('A daily model cannot be fitted on these facts: y is weekly (on Mondays). Use grain "week", or load daily facts.');
    const sunday = [0, ...channels[1]!.spend.slice(0, -1)];
    expect(() => detectGrain(days, [...series, { name: "x2", values: sunday }])).toThrow(/start their weeks on different days \(y is weekly \(on Mondays\), x1 is weekly \(on Mondays\), x2 is weekly \(on Tuesdays\)\); load them with the same week start/);
  });
  it("sums weekly facts into calendar months when asked, keeping only whole months of daily facts", () => {
    const p = aggregateToGrain(days, daily(num("y")), channels, [], "month", 1, false);
    expect(p.dates.slice(0, 3)).toEqual(["2018-05-01", "2018-06-01", "2018-07-01"]); // April 2018 starts before the data
    expect(p.outcome[0]).toBeCloseTo(num("y").slice(5, 9).reduce((a, b) => a + b, 0), 9); // Mondays May 7, 14, 21, 28
    expect(detectGrain(days, [{ name: "y", values: daily(num("y")) }], "month")).toEqual({ grain: "month", weekday: 1 });
  });
  it("refuses to fit dates that do not step by the model's grain", async () => {
    await expect(fitMmm({ dates: weeks, grain: "day", outcome: num("y"), channels: [{ name: "x1", spend: num("x1") }] }))
      .rejects.toThrow('The model\'s grain is "day" but period 1 starts 2018-04-09 after 2018-04-02; give one date per day with no gaps, or detect the grain from the facts.');
  });
});

describe("a weekly model of mmm_example.csv", () => {
  let model: MmmModel;
  beforeAll(async () => {
    model = await fitMmm({ dates: weeks, grain: "week", outcome: num("y"), channels: ["x1", "x2"].map((c) => ({ name: c, spend: num(c) })),
      events: ["event_1", "event_2"].map((e) => ({ name: e, values: num(e) })), country: "US" }, { bootstrap: 40 });
  });
  it("is fitted on 179 weekly periods with no weekday controls and holidays by week", () => {
    expect(model.grain).toBe("week");
    expect(model.window).toEqual({ from: "2018-04-02", to: "2021-08-30", periods: 179 });
    expect(Object.keys(model.controls)).toEqual(["trend", "sin1_year", "cos1_year", "sin2_year", "cos2_year", "holiday", "event_1", "event_2"]);
  });
  it("returns intervals that contain their estimates, for the model and for a plan on it", () => {
    const inside = (e: Estimate | null) => e === null || (e.low <= e.value && e.value <= e.high);
    for (const r of model.results) expect([inside(r.contribution), inside(r.roas), inside(r.marginalRoas)]).toEqual([true, true, true]);
    const plan = optimizeBudget(model, 4, { periods: 4 });
    expect([plan.expectedMediaOutcome, plan.expectedTotalOutcome, plan.currentMediaOutcome, plan.currentTotalOutcome, plan.gain].map(inside)).toEqual([true, true, true, true, true]);
  });
});
