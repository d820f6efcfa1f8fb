// Observational estimators over many simulated draws with known effects (interval coverage and bias),
// and Thompson-sampling budgets against the sandbox world's true response curves (regret against the
// truth's best split, beside an even split and greedy allocation). Run: npx tsx bench/causal/observational.bench.ts
import { prePostImpact } from "../../src/analytics/causal/impact.js";
import { twoStageLeastSquares } from "../../src/analytics/causal/iv.js";
import { propensityAnalysis } from "../../src/analytics/causal/matching.js";
import { regressionDiscontinuity } from "../../src/analytics/causal/rdd.js";
import { fillByValue, thompsonBudget, type Arm, type ArmDay } from "../../src/analytics/causal/thompson.js";
import { normalDraw, seededRandom } from "../../src/analytics/stats/index.js";
import { DEFAULT_CHANNELS, type ChannelParams } from "../../src/plugins/sandbox/world-params.js";
import { hill } from "../../src/plugins/sandbox/world-causal.js";

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const covers = (iv: { low: number | null; high: number | null }, truth: number) => iv.low! <= truth && iv.high! >= truth;

function coverage(name: string, draws: number, run: (seed: number) => { covered: boolean; error: number }[], labels: string[]) {
  const hits = labels.map(() => 0), errs = labels.map(() => [] as number[]);
  for (let s = 1; s <= draws; s++) run(s).forEach((r, i) => { if (r.covered) hits[i]! += 1; errs[i]!.push(r.error); });
  labels.forEach((l, i) => {
    const e = errs[i]!;
    const bias = e.reduce((a, b) => a + b, 0) / e.length;
    const rmse = Math.sqrt(e.reduce((a, b) => a + b * b, 0) / e.length);
    console.log(`${name.padEnd(24)} ${l.padEnd(34)} draws ${String(draws).padStart(3)}  coverage ${pct(hits[i]! / draws).padStart(7)}  bias ${bias.toFixed(3).padStart(8)}  rmse ${rmse.toFixed(3)}`);
  });
}

console.log("— Estimators: coverage of nominal 95 % intervals over independent draws (truth known) —");
coverage("IV (price −2)", 200, (seed) => {
  const r = seededRandom(seed);
  const z: number[] = [], p: number[] = [], q: number[] = [];
  for (let i = 0; i < 1000; i++) { const u = normalDraw(r), zi = normalDraw(r), pi = 10 + zi + 0.8 * u + 0.3 * normalDraw(r); z.push(zi); p.push(pi); q.push(100 - 2 * pi + 3 * u + normalDraw(r)); }
  const f = twoStageLeastSquares({ outcome: q, treatment: p, instruments: [z], controls: [] });
  return [{ covered: covers(f.interval, -2), error: f.estimate + 2 }, { covered: covers(f.ols.interval, -2), error: f.ols.estimate + 2 }];
}, ["2SLS", "OLS (confounded, for contrast)"]);

coverage("RDD (jump 2)", 100, (seed) => {
  const r = seededRandom(seed);
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < 2000; i++) { const xi = 2 * r() - 1; x.push(xi); y.push(0.5 + 1.2 * xi - 0.8 * xi * xi + (xi >= 0 ? 2 : 0) + 0.3 * normalDraw(r)); }
  const f = regressionDiscontinuity({ running: x, outcome: y, cutoff: 0 });
  return [{ covered: covers(f.robustInterval, 2), error: f.biasCorrectedEstimate - 2 }, { covered: covers(f.interval, 2), error: f.estimate - 2 }];
}, ["robust bias-corrected", "conventional"]);

coverage("Matching (ATT 5)", 40, (seed) => {
  const r = seededRandom(seed);
  const x1: number[] = [], x2: number[] = [], t: number[] = [], y: number[] = [];
  for (let i = 0; i < 800; i++) { const a = normalDraw(r), b = normalDraw(r); const ti = r() < 1 / (1 + Math.exp(-(0.8 * a - 0.5 * b))) ? 1 : 0; x1.push(a); x2.push(b); t.push(ti); y.push(10 + 3 * a + 2 * b + 5 * ti + normalDraw(r)); }
  const f = propensityAnalysis({ outcome: y, treatment: t, covariates: [{ name: "x1", values: x1 }, { name: "x2", values: x2 }] }, { bootstrap: 100, seed });
  return [
    { covered: covers(f.matching.att.interval, 5), error: f.matching.att.estimate - 5 },
    { covered: covers(f.weighting.att.interval, 5), error: f.weighting.att.estimate - 5 },
    { covered: covers(f.weighting.ate.interval, 5), error: f.weighting.ate.estimate - 5 },
    { covered: false, error: f.naiveDifference - 5 },
  ];
}, ["NN matching ATT", "IPW ATT", "IPW ATE", "naive difference (for contrast)"]);

coverage("Pre/post (lift 360)", 200, (seed) => {
  const r = seededRandom(seed);
  const periods: string[] = [], out: number[] = [], c1: number[] = [], c2: number[] = [];
  for (let t = 0; t < 120; t++) { const a = 100 + 10 * Math.sin(t / 7) + 3 * normalDraw(r), b = 50 + 0.1 * t + 2 * normalDraw(r); periods.push(String(t)); c1.push(a); c2.push(b); out.push(20 + 1.5 * a + 0.8 * b + (t >= 90 ? 12 : 0) + 2 * normalDraw(r)); }
  const f = prePostImpact({ periods, outcome: out, controls: [{ name: "a", values: c1 }, { name: "b", values: c2 }], interventionStart: "90" });
  return [{ covered: covers(f.cumulativeEffect, 360), error: f.cumulativeEffect.estimate! - 360 }];
}, ["cumulative effect"]);

// — Thompson sampling against the sandbox world's channels (adstock + Hill, the world's default parameters) —
const paid = ["meta", "google_ads", "tiktok"] as const;
const params = paid.map((p) => DEFAULT_CHANNELS[p] as ChannelParams);
const budget = params.reduce((s, p) => s + p.dailyMedia, 0);
const floors = paid.map(() => 0.05 * budget), caps = paid.map(() => 0.6 * budget);
const steady = (c: number, spend: number) => params[c]!.coefficient * hill(spend / (1 - params[c]!.adstockDecay), params[c]!.halfSaturation, params[c]!.hillSlope);
// The truth's best constant split within the same bounds (fine grid over two free shares).
let best = 0, bestSplit = [0, 0, 0];
for (let i = 0; i <= 400; i++) for (let j = 0; j <= 400 - i; j++) {
  const s = [i, j, 400 - i - j].map((k) => (k / 400) * budget);
  if (s.some((v, c) => v < floors[c]! - 1e-9 || v > caps[c]! + 1e-9)) continue;
  const v = s.reduce((a, x, c) => a + steady(c, x), 0);
  if (v > best) { best = v; bestSplit = s; }
}
type Policy = (history: ArmDay[][], day: number, rand: () => number) => number[];
const even: Policy = () => paid.map(() => budget / paid.length);
const meanRoas = (h: ArmDay[]) => h.reduce((s, d) => s + d.revenue, 0) / Math.max(h.reduce((s, d) => s + d.spend, 0), 1e-9);
const greedy: Policy = (h, day) => (day < 3 ? even(h, day, Math.random) : fillByValue(h.map(meanRoas), budget, floors, caps));
const thompson: Policy = (h, day, rand) => {
  if (day < 3) return even(h, day, rand);
  const arms: Arm[] = paid.map((key, c) => ({ key, days: h[c]!, min: floors[c], max: caps[c] }));
  return thompsonBudget(arms, { model: "gaussian_roas", budget, explorationFloor: 0, draws: 1, seed: Math.floor(rand() * 2 ** 31) }).arms.map((a) => a.recommendedSpend);
};
function simulate(policy: Policy, seed: number, horizon: number) {
  const rand = seededRandom(seed);
  const adstock = params.map((p) => budget / paid.length / (1 - p.adstockDecay));
  const history: ArmDay[][] = paid.map(() => []);
  let regret = 0, total = 0;
  for (let day = 0; day < horizon; day++) {
    const split = policy(history, day, rand);
    let value = 0;
    split.forEach((s, c) => {
      adstock[c] = s + params[c]!.adstockDecay * adstock[c]!;
      const truth = params[c]!.coefficient * hill(adstock[c]!, params[c]!.halfSaturation, params[c]!.hillSlope);
      value += truth;
      history[c]!.push({ spend: s, clicks: 0, conversions: 0, revenue: truth * Math.exp(0.25 * normalDraw(rand) - 0.03125) });
    });
    regret += best - value;
    total += value;
  }
  return { regret, total, final: split0(history) };
}
const split0 = (h: ArmDay[][]) => h.map((x) => x[x.length - 1]!.spend);
console.log("\n— Thompson-sampling budgets in the sandbox world (meta, google_ads, tiktok; adstock + Hill; 25 % noise) —");
console.log(`daily budget ${budget}, bounds 5–60 % per channel; truth's best split ${bestSplit.map((v) => v.toFixed(0)).join(" / ")} → ${best.toFixed(0)} incremental revenue a day`);
for (const horizon of [30, 90, 180]) {
  const rows = ([["even split", even], ["greedy (posterior mean)", greedy], ["Thompson sampling", thompson]] as const).map(([name, pol]) => {
    const runs = Array.from({ length: 20 }, (_, s) => simulate(pol, 1000 + s, horizon));
    const regret = runs.reduce((a, r) => a + r.regret, 0) / runs.length;
    const final = paid.map((_, c) => runs.reduce((a, r) => a + r.final[c]!, 0) / runs.length);
    return { name, regret, share: regret / (best * horizon), final };
  });
  const ts = rows[2]!.regret;
  for (const r of rows) console.log(`horizon ${String(horizon).padStart(3)} d  ${r.name.padEnd(24)} regret ${r.regret.toFixed(0).padStart(8)} (${pct(r.share).padStart(6)} of the optimum)  ratio to Thompson ${(r.regret / ts).toFixed(2)}×  last-day split ${r.final.map((v) => v.toFixed(0)).join(" / ")}`);
}
