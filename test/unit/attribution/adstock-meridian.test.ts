import { describe, expect, it } from "vitest";
import { adstock, binomialWeights, geometricWeights, hill } from "../../../src/analytics/attribution/mmm/transforms.js";

// Meridian's own tests (google/meridian, meridian/model/adstock_hill_test.py): lag weights with max_lag 4 listed from
// lag 4 down to lag 0, the adstock of a five-period series at its last period (rounded to 3 decimals there, compared with
// rtol 1e-2), the all-ones series without history, and Hill's known outputs.
describe("Meridian adstock and Hill vectors", () => {
  it("binomial weights for α 0, 0.25, 0.5, 2/3 and 1", () => {
    const rev = (w: number[]) => [...w].reverse();
    expect(rev(binomialWeights(0, 4))).toEqual([0, 0, 0, 0, 1]);
    rev(binomialWeights(0.25, 4)).forEach((w, i) => expect(w).toBeCloseTo([0.008, 0.064, 0.216, 0.512, 1][i]!, 12));
    rev(binomialWeights(0.5, 4)).forEach((w, i) => expect(w).toBeCloseTo([0.2, 0.4, 0.6, 0.8, 1][i]!, 12));
    rev(binomialWeights(2 / 3, 4)).forEach((w, i) => expect(w).toBeCloseTo([Math.sqrt(0.2), Math.sqrt(0.4), Math.sqrt(0.6), Math.sqrt(0.8), 1][i]!, 12));
    expect(rev(binomialWeights(1, 4))).toEqual([1, 1, 1, 1, 1]);
  });
  it("geometric weights for θ 0 and 0.5", () => {
    expect([...geometricWeights(0, 4)].reverse()).toEqual([0, 0, 0, 0, 1]);
    expect([...geometricWeights(0.5, 4)].reverse()).toEqual([0.5 ** 4, 0.5 ** 3, 0.5 ** 2, 0.5, 1]);
  });
  const media = [[0.12, 0.55, 0.89], [0.34, 0.71, 0.23], [0.91, 0.08, 0.67], [0.45, 0.82, 0.11], [0.78, 0.29, 0.95]];
  const last = (type: "geometric" | "binomial", decay: number, c: number) => {
    const x = media.map((row) => row[c]!);
    const a = type === "geometric" ? adstock(x, { type, theta: decay, maxLag: 4 }) : adstock(x, { type, alpha: decay, maxLag: 4 });
    return a[4]!;
  };
  it("test_output, geometric: 0.751, 0.435, 0.572 at decays 0.1, 0.5, 0.9", () => {
    [0.751, 0.435, 0.572].forEach((v, c) => expect(Math.abs(last("geometric", [0.1, 0.5, 0.9][c]!, c) - v)).toBeLessThan(5e-4));
  });
  it("test_output, binomial: 0.742, 0.463, 0.567 at α 0.1, 0.5, 0.9", () => {
    [0.742, 0.463, 0.567].forEach((v, c) => expect(Math.abs(last("binomial", [0.1, 0.5, 0.9][c]!, c) - v)).toBeLessThan(5e-4));
  });
  it("test_media_all_ones_geometric: (1 − θ^min(t+1, L+1)) / (1 − θ^(L+1)) with no history (0.244 at t = 0 for θ 0.9, L 4)", () => {
    const a = adstock(new Array(10).fill(1), { type: "geometric", theta: 0.9, maxLag: 4 });
    a.forEach((v, t) => expect(v).toBeCloseTo((1 - 0.9 ** Math.min(t + 1, 5)) / (1 - 0.9 ** 5), 12));
    expect(a[0]).toBeCloseTo(0.2442, 4);
  });
  it("test_alpha_one: θ = 1 over the whole series is the running sum over n", () => {
    const x = [0.3, 1.2, 0.7, 2, 0.1];
    const a = adstock(x, { type: "geometric", theta: 1, maxLag: 4 });
    let s = 0;
    x.forEach((v, t) => { s += v; expect(a[t]).toBeCloseTo(s / 5, 12); });
  });
  it("Hill known outputs: 0 at 0, x/(1+x) at slope = ec = 1, ½ at slope 0", () => {
    expect(hill(0, 1.3, 0.4)).toBe(0);
    expect(hill(0.7, 1, 1)).toBeCloseTo(0.7 / 1.7, 12);
    expect(hill(0.7, 0, 0.4)).toBeCloseTo(0.5, 12);
  });
});
