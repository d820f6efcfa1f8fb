import { describe, expect, it } from "vitest";
import { firstTouch, lastTouch, linear, positionBased, timeDecay } from "../../../src/analytics/attribution/mta/rules.js";
import { markovAttribution } from "../../../src/analytics/attribution/mta/markov.js";
import { shapleyAttribution } from "../../../src/analytics/attribution/mta/shapley.js";
import { parseUtm } from "../../../src/analytics/attribution/mta/utm.js";
import { seededRandom } from "../../../src/analytics/stats/descriptive.js";
import type { Journey } from "../../../src/analytics/attribution/mta/types.js";

const day = (d: number) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString();
const journey = (id: string, chs: [string, number][], converted: boolean, value = 0): Journey =>
  ({ id, touches: chs.map(([channel, d]) => ({ channel, at: day(d) })), converted, value });
// J1: A(day 0) → B(day 7) → C(day 14) → converts for 100; J2: B → converts for 50; J3: A → no conversion.
const journeys = [journey("1", [["A", 0], ["B", 7], ["C", 14]], true, 100), journey("2", [["B", 0]], true, 50), journey("3", [["A", 0]], false)];

describe("rule-based models (hand-checked)", () => {
  it("first touch", () => expect(firstTouch(journeys)).toEqual({ A: { conversions: 1, value: 100 }, B: { conversions: 1, value: 50 } }));
  it("last touch", () => expect(lastTouch(journeys)).toEqual({ C: { conversions: 1, value: 100 }, B: { conversions: 1, value: 50 } }));
  it("linear: a third of J1 each", () => {
    const c = linear(journeys);
    expect(c.A!.value).toBeCloseTo(100 / 3, 12);
    expect(c.B!.conversions).toBeCloseTo(4 / 3, 12);
    expect(c.B!.value).toBeCloseTo(100 / 3 + 50, 12);
  });
  it("time decay with a 7-day half-life: weights ¼, ½, 1 → 1/7, 2/7, 4/7", () => {
    const c = timeDecay(journeys);
    expect(c.A!.conversions).toBeCloseTo(1 / 7, 12);
    expect(c.B!.value).toBeCloseTo((200 / 7) + 50, 10);
    expect(c.C!.value).toBeCloseTo(400 / 7, 10);
  });
  it("position based: 40/20/40", () => {
    const c = positionBased(journeys);
    expect(c.A!.value).toBeCloseTo(40, 12);
    expect(c.B!.value).toBeCloseTo(70, 12);
    expect(c.C!.value).toBeCloseTo(40, 12);
  });
});

describe("Markov removal effects (solved by hand from the transition matrix)", () => {
  // start→A 2/3, start→B 1/3; A→B ½, A→null ½; B→C ½, B→conv ½; C→conv 1.
  // x_C = 1, x_B = 1, x_A = ½, x_start = 2/3. Without A: 1/3; without B: 0; without C: 1/3.
  const r = markovAttribution(journeys);
  it("P(conversion) = 2/3", () => expect(r.conversionProbability).toBeCloseTo(2 / 3, 12));
  it("removal effects A ½, B 1, C ½", () => {
    expect(r.removalEffects.A).toBeCloseTo(0.5, 12);
    expect(r.removalEffects.B).toBeCloseTo(1, 12);
    expect(r.removalEffects.C).toBeCloseTo(0.5, 12);
  });
  it("splits 2 conversions and 150 of value ¼ / ½ / ¼", () => {
    expect(r.credit.A!.conversions).toBeCloseTo(0.5, 12);
    expect(r.credit.B!.value).toBeCloseTo(75, 10);
    expect(r.credit.C!.value).toBeCloseTo(37.5, 10);
  });
});

describe("Shapley values", () => {
  it("exact: J1's 100 split evenly over A, B, C; J2's 50 to B", () => {
    const r = shapleyAttribution(journeys);
    expect(r.method).toBe("exact");
    expect(r.credit.A!.value).toBeCloseTo(100 / 3, 10);
    expect(r.credit.B!.value).toBeCloseTo(100 / 3 + 50, 10);
    expect(r.credit.C!.conversions).toBeCloseTo(1 / 3, 10);
    expect(r.errorBound.A).toBe(0);
  });
  it("exact on a two-channel game: v(A)=0, v(B)=1, v(AB)=2 → A ½, B 3/2", () => {
    const r = shapleyAttribution([journey("1", [["A", 0], ["B", 1]], true, 1), journey("2", [["B", 0]], true, 1), journey("3", [["A", 0]], false)]);
    expect(r.credit.A!.value).toBeCloseTo(0.5, 12);
    expect(r.credit.B!.value).toBeCloseTo(1.5, 12);
  });
  it("beyond the exact limit, samples permutations and stays within twice its reported 95 % bound of the exact value", () => {
    const rand = seededRandom(5);
    const chs = Array.from({ length: 14 }, (_, i) => `ch${i}`);
    const many = Array.from({ length: 400 }, (_, i) => journey(String(i), Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => [chs[Math.floor(rand() * rand() * 14)]!, k] as [string, number]), rand() < 0.6, 10 + Math.floor(rand() * 90)));
    const exact = shapleyAttribution(many, { maxExact: 14 });
    const sampled = shapleyAttribution(many, { maxExact: 12, samples: 3000 });
    expect(exact.method).toBe("exact");
    expect(sampled.method).toBe("sampled");
    expect(sampled.samples).toBe(3000);
    for (const ch of Object.keys(exact.credit)) {
      expect(sampled.errorBound[ch]).toBeGreaterThan(0);
      expect(Math.abs(sampled.credit[ch]!.value - exact.credit[ch]!.value)).toBeLessThanOrEqual(2 * sampled.errorBound[ch]!);
    }
    const total = Object.values(sampled.credit).reduce((s, c) => s + c.value, 0);
    expect(total).toBeCloseTo(many.filter((j) => j.converted).reduce((s, j) => s + j.value, 0), 6);
  });
});

describe("UTM parsing", () => {
  it("maps source and medium to a channel and keeps the campaign", () => {
    expect(parseUtm("https://shop.example/p?utm_source=Facebook&utm_medium=CPC&utm_campaign=Spring_Sale")).toEqual({ source: "facebook", medium: "cpc", campaign: "Spring_Sale", channel: "facebook / cpc" });
  });
  it("uses the source alone without a medium and 'direct' without UTM", () => {
    expect(parseUtm("https://shop.example/?utm_source=newsletter").channel).toBe("newsletter");
    expect(parseUtm("https://shop.example/").channel).toBe("direct");
  });
  it("rejects a relative URL with a clear message", () => {
    expect(() => parseUtm("/landing?utm_source=x")).toThrow(/not an absolute URL/);
  });
});
