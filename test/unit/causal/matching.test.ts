import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { propensityAnalysis } from "../../../src/analytics/causal/matching.js";
import { normalDraw, seededRandom } from "../../../src/analytics/stats/index.js";

const COVARIATES = ["age", "educ", "black", "hisp", "married", "nodegr", "re74", "re75", "u74", "u75"];

function lalonde() {
  const [head, ...lines] = readFileSync(new URL("../../fixtures/datasets/lalonde_nsw_dw.csv", import.meta.url), "utf8").trim().split("\n");
  const cols = head!.split(",");
  const rows = lines.map((l) => l.split(",").map(Number));
  const col = (name: string) => rows.map((r) => r[cols.indexOf(name)]!);
  return { outcome: col("re78"), treatment: col("treat"), covariates: COVARIATES.map((name) => ({ name, values: col(name) })) };
}

describe("matching and weighting on the NSW experiment (LaLonde 1986, Dehejia–Wahba sample)", () => {
  const r = propensityAnalysis(lalonde(), { bootstrap: 100, seed: 7 });

  it("the raw difference is the experimental benchmark 6,349.15 − 4,554.80 = 1,794.34", () => {
    expect(r.treatedUnits).toBe(185);
    expect(r.controlUnits).toBe(260);
    expect(r.naiveDifference).toBeCloseTo(1794.34, 1);
  });

  it("matching and weighting ATT intervals both contain the experimental benchmark", () => {
    for (const e of [r.matching.att, r.weighting.att]) {
      expect(e.interval.low).toBeLessThan(1794.34);
      expect(e.interval.high).toBeGreaterThan(1794.34);
      expect(e.interval.low).toBeLessThanOrEqual(e.estimate);
      expect(e.interval.high).toBeGreaterThanOrEqual(e.estimate);
    }
  });

  it("the balance table has the published covariate means of the treated (age 25.82, educ 10.35, black 0.84)", () => {
    const row = (c: string) => r.balance.find((b) => b.covariate === c)!;
    expect(row("age").meanTreated).toBeCloseTo(25.82, 2);
    expect(row("educ").meanTreated).toBeCloseTo(10.35, 2);
    expect(row("black").meanTreated).toBeCloseTo(0.84, 2);
    expect(r.balance.map((b) => b.covariate)).toEqual(COVARIATES);
  });
});

describe("matching on confounded data with a known effect", () => {
  function confounded(n: number, seed: number) {
    const rand = seededRandom(seed);
    const x1: number[] = [], x2: number[] = [], t: number[] = [], y: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = normalDraw(rand), b = normalDraw(rand);
      const p = 1 / (1 + Math.exp(-(0.8 * a - 0.5 * b)));
      const ti = rand() < p ? 1 : 0;
      x1.push(a); x2.push(b); t.push(ti);
      y.push(10 + 3 * a + 2 * b + 5 * ti + normalDraw(rand));
    }
    return { outcome: y, treatment: t, covariates: [{ name: "x1", values: x1 }, { name: "x2", values: x2 }] };
  }

  it("the naive difference is biased; matching and weighting recover the effect 5 and balance the covariates", () => {
    const r = propensityAnalysis(confounded(2000, 3), { bootstrap: 50, seed: 1 });
    expect(r.naiveDifference).toBeGreaterThan(6);
    for (const e of [r.matching.att, r.matching.ate, r.weighting.att, r.weighting.ate]) {
      expect(e.interval.low).toBeLessThan(5);
      expect(e.interval.high).toBeGreaterThan(5);
    }
    expect(Math.abs(r.balance[0]!.smdBefore)).toBeGreaterThan(0.3);
    expect(r.balanced).toBe(true);
  });

  it("refuses a non-binary treatment with a message that says what it must be", () => {
    expect(() => propensityAnalysis({ outcome: [1, 2], treatment: [0, 2], covariates: [{ name: "x", values: [1, 2] }] })).toThrow("treatment must be 0 (control) or 1 (treated)");
  });
});
