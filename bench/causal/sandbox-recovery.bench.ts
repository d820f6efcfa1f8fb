// How closely the MMM recovers known causal processes, over 32 world draws, and what its budget optimiser
// promises against the truth. Draws:
// - the sandbox world (src/plugins/sandbox) with the demo's three go-dark geo holdouts as calibration, daily:
//   the default seed on three windows (one ending yesterday, as `npm start` builds the demo) and three more
//   seeds on two windows each; weekly: two of those worlds summed into weeks starting Monday;
// - worlds where spend follows demand (test/unit/attribution/mmm-world.ts: search spend rides the seasonal
//   demand, the confounding of PyMC-Marketing's mmm_roas_data process), uncalibrated, daily and weekly;
// - then 16 more of the same kinds (seeds 2 and 11 on three windows, 1 and 42 on a third window, three more
//   weekly sandbox worlds, two daily and three weekly confounded ones): `maxDraws` 16 runs the first set alone.
// Per draw and paid channel: ROAS error against the truth, 90 % interval width (relative to the truth) and
// whether the truth is inside; and the optimiser at the current daily (weekly) budget: its predicted gain over
// the current mix with interval, the true gain of its plan, and the true gain of the truth's own optimum.
// The world's true series go straight to the model (test/db/attribution-demo.test.ts shows the sync path
// delivers the same numbers). Calibrated draws are also fitted without their experiments, to check that
// calibration moves each tested channel towards its experiment: the model's replay of the test (its iROAS
// over the test's window and design) must end nearer the measured iROAS than it started, and the channel's
// ROAS over the window must move the same way. Fit time (wall and CPU) is printed per draw and summed.
// Run: npx tsx bench/causal/sandbox-recovery.bench.ts [maxDraws] [--baseline-rev REV] [--only i,j] [--shapes]
// --shapes prints each channel's chosen adstock, Hill slope, half-saturation K and β beside the truth's (per period).
// --baseline-rev REV also fits every draw with the MMM of a git revision (its src/ extracted to a temporary
// folder), interleaved with this one, and prints its ROAS errors and coverage and the fit-time ratio beside.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fitMmm } from "../../src/analytics/attribution/mmm/fit-mmm.js";
import { calibrationRows } from "../../src/analytics/attribution/mmm/calibration.js";
import { spendScale } from "../../src/analytics/attribution/mmm/search.js";
import { aggregateToGrain, type MmmGrain } from "../../src/analytics/attribution/mmm/grain.js";
import { optimizeBudget } from "../../src/analytics/attribution/mmm/optimize-budget.js";
import { hill } from "../../src/analytics/attribution/mmm/transforms.js";
import { quantile } from "../../src/analytics/stats/descriptive.js";
import type { MmmCalibration, MmmInput, MmmModel } from "../../src/analytics/attribution/mmm/types.js";
import { geoLiftStandardError, withDesign } from "../../src/analytics/attribution/mmm-data.js";
import { syntheticControl } from "../../src/analytics/experiments/geo.js";
import { demoGeoTests } from "../../src/demo/demo-experiments.js";
import { DEMO_SIZE } from "../../src/demo/demo-world.js";
import { createWorld, DEFAULT_SEED } from "../../src/plugins/sandbox/world.js";
import { addDays, fmt } from "../../src/dates.js";
import { generateWorld } from "../../test/unit/attribution/mmm-world.js";

type Truth = { name: string; roas: number; beta: number; alpha: number; k: number }[];
interface Draw { label: string; input: MmmInput; truth: Truth }

const today = addDays(fmt(new Date()), -365);
const sandbox = (seed: number, start: string, grain: MmmGrain): Draw => {
  const end = addDays(start, 364);
  const world = createWorld({ seed, start, end, size: DEMO_SIZE, geoTests: demoGeoTests(start, 365) });
  const truth = world.truth();
  const panel = world.regionalDays().map((r) => ({ geo: r.region, date: r.date, value: r.revenue }));
  const paid = ["meta", "google_ads", "tiktok"] as const;
  const channels = [...paid.map((p) => ({ name: p as string, spend: truth.days.map((d) => d.media[p]) })), { name: "klaviyo", spend: truth.days.map((d) => d.media.klaviyo), organic: true }];
  const dates = truth.days.map((d) => d.date);
  const calibration: MmmCalibration[] = truth.geoTests.map((t) => {
    const sc = syntheticControl(panel, { treated: t.regions, start: t.start, end: t.end });
    const se = geoLiftStandardError({ treatedGeos: t.regions.length, preRmse: sc.preFit.rmse, start: t.start, end: t.end, incremental: sc.incremental });
    return withDesign({ channel: t.channel, start: t.start, end: t.end, incremental: sc.incremental, standardError: se, spendChange: t.spendChangeUsd }, dates, channels);
  });
  const p = aggregateToGrain(dates, truth.days.map((d) => d.revenue), channels, [], grain, 1, true);
  const days = grain === "week" ? 7 : 1;
  // Steady state of the world's un-normalised adstock: a constant spend x per day adstocks to x/(1 − λ).
  const params = truth.params.channels;
  return {
    label: `sandbox seed ${seed} ${start} ${grain}`, input: { ...p, grain, country: "US", calibration },
    truth: paid.map((c) => ({ name: c, roas: truth.channels[c].roas!, beta: params[c].coefficient * days, alpha: params[c].hillSlope, k: params[c].halfSaturation * (1 - params[c].adstockDecay) * days })),
  };
};
const confounded = (seed: number, grain: MmmGrain): Draw => {
  const w = generateWorld(730, seed);
  const p = aggregateToGrain(w.input.dates, w.input.outcome, w.input.channels, [], grain, 1, true);
  const days = grain === "week" ? 7 : 1;
  return { label: `spend follows demand, seed ${seed} ${grain}`, input: { ...p, grain },
    truth: w.channels.map((c) => ({ name: c.name, roas: w.trueRoas[c.name]!, beta: c.beta * days, alpha: c.alpha, k: c.k * days })) };
};

const draws: (() => Draw)[] = [
  ...["2024-11-20", "2025-04-01", today].map((start) => () => sandbox(DEFAULT_SEED, start, "day")),
  ...[1, 7, 42].flatMap((seed) => ["2024-11-20", today].map((start) => () => sandbox(seed, start, "day"))),
  () => sandbox(DEFAULT_SEED, today, "week"), () => sandbox(7, "2024-11-20", "week"),
  ...[3, 5, 9].map((seed) => () => confounded(seed, "day")), ...[3, 5].map((seed) => () => confounded(seed, "week")),
  // Sixteen more, so a change is judged on 32 draws.
  ...[2, 11].flatMap((seed) => ["2024-11-20", "2025-04-01", today].map((start) => () => sandbox(seed, start, "day"))),
  ...[1, 42].map((seed) => () => sandbox(seed, "2025-04-01", "day")),
  () => sandbox(1, today, "week"), () => sandbox(42, "2025-04-01", "week"), () => sandbox(DEFAULT_SEED, "2024-11-20", "week"),
  ...[11, 13].map((seed) => () => confounded(seed, "day")), ...[9, 11, 13].map((seed) => () => confounded(seed, "week")),
];
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} %`;
const rows: { worst: number; inside: number; n: number; gainInside: boolean; share: number }[] = [];
const moves: { toward: boolean; sameWay: boolean }[] = [];
const pctInside: boolean[] = [];
// The model's iROAS for an experiment: its replay of the test (β·x for the chosen transform) ÷ the spend it moved.
const replayIroas = (model: MmmModel, input: MmmInput, i: number) => {
  const cal = input.calibration![i]!;
  const [row] = calibrationRows(input.dates, input.channels, [cal]);
  const ch = model.channels[row!.column]!, spend = input.channels[row!.column]!.spend;
  const lift = ch.beta * row!.x({ adstock: ch.adstock, alpha: ch.alpha, kappa: ch.k / spendScale(spend) });
  const { treatedShare: s, spendMultiplier: m } = cal.design!;
  const inWindow = spend.reduce((a, v, t) => a + (input.dates[t]! >= cal.start && input.dates[t]! <= cal.end ? v : 0), 0);
  const moved = ((m - 1) * s * inWindow) / (1 - s * (1 - m));
  return { model: lift / moved, experiment: cal.incremental / moved };
};
const args = process.argv.slice(2);
const revAt = args.indexOf("--baseline-rev");
const rev = revAt >= 0 ? args[revAt + 1]! : null;
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]!.split(",").map(Number)) : null;
const shapes = args.includes("--shapes");
const limit = Number(args.find((a, i) => !a.startsWith("--") && (revAt < 0 || i !== revAt + 1) && (onlyAt < 0 || i !== onlyAt + 1)) ?? draws.length);
// The baseline revision's src/ beside this checkout's node_modules.
const baselineDir = rev ? mkdtempSync(join(tmpdir(), "liftgate-mmm-baseline-")) : null;
if (baselineDir) {
  execFileSync("tar", ["-x", "-C", baselineDir], { input: execFileSync("git", ["archive", "--format=tar", rev!, "src", "package.json"], { maxBuffer: 1 << 30 }) });
  symlinkSync(resolve("node_modules"), join(baselineDir, "node_modules"));
}
const baselineFit: typeof fitMmm | null = baselineDir ? (await import(pathToFileURL(join(baselineDir, "src/analytics/attribution/mmm/fit-mmm.ts")).href)).fitMmm : null;
const timed = async (fit: typeof fitMmm, input: MmmInput) => {
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const model = await fit(input, { bootstrap: 100 });
  const cpu = process.cpuUsage(cpu0);
  return { model, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
};
const times = { wall: 0, cpu: 0, baseWall: 0, baseCpu: 0 };
const baseRows: { worst: number; inside: number; n: number }[] = [];

for (const make of draws.slice(0, limit).filter((_, i) => !only || only.has(i + 1))) {
  const d = make();
  // Interleaved, alternating which goes first, so the machine's load falls on both alike.
  const first = rows.length % 2 === 0;
  const base = baselineFit && !first ? await timed(baselineFit, d.input) : null;
  const { model, wall, cpu } = await timed(fitMmm, d.input);
  const baseline = base ?? (baselineFit ? await timed(baselineFit, d.input) : null);
  times.wall += wall; times.cpu += cpu;
  let baselineLine = "";
  if (baseline) {
    times.baseWall += baseline.wall; times.baseCpu += baseline.cpu;
    const cells = d.truth.map((t) => {
      const r = baseline.model.results.find((x) => x.channel === t.name)!.roas!;
      return { name: t.name, err: r.value / t.roas - 1, width: (r.high - r.low) / t.roas, inside: t.roas >= r.low && t.roas <= r.high };
    });
    baseRows.push({ worst: Math.max(...cells.map((c) => Math.abs(c.err))), inside: cells.filter((c) => c.inside).length, n: cells.length });
    baselineLine = `  baseline ${rev}: ROAS ${cells.map((c) => `${c.name} ${pct(c.err)} (width ${(100 * c.width).toFixed(0)} %${c.inside ? "" : ", truth outside"})`).join("; ")}; fit ${baseline.wall.toFixed(1)} s (CPU ${baseline.cpu.toFixed(1)} s)`;
  }
  let calibrationLine = "";
  if (d.input.calibration?.length) {
    const plain = await fitMmm({ ...d.input, calibration: [] }, { bootstrap: 20 });
    const lines = d.input.calibration.map((c, i) => {
      const before = replayIroas(plain, d.input, i), after = replayIroas(model, d.input, i);
      const roas = (m: MmmModel) => m.results.find((r) => r.channel === c.channel)!.roas!.value;
      const toward = Math.abs(after.model - after.experiment) <= Math.abs(before.model - before.experiment) + 1e-9;
      const sameWay = Math.sign(roas(model) - roas(plain)) === Math.sign(after.experiment - before.model) || Math.abs(roas(model) - roas(plain)) < 1e-9;
      moves.push({ toward, sameWay });
      return `${c.channel} test iROAS ${after.experiment.toFixed(2)}: replay ${before.model.toFixed(2)} → ${after.model.toFixed(2)}${toward ? "" : " (AWAY)"}, ROAS ${roas(plain).toFixed(2)} → ${roas(model).toFixed(2)}${sameWay ? "" : " (AWAY)"}`;
    });
    calibrationLine = `  calibration: ${lines.join("; ")}`;
  }
  const cells = d.truth.map((t) => {
    const r = model.results.find((x) => x.channel === t.name)!.roas!;
    return { name: t.name, err: r.value / t.roas - 1, width: (r.high - r.low) / t.roas, inside: t.roas >= r.low && t.roas <= r.high };
  });
  // The optimiser at the current budget per period, judged by the truth's steady-state response curves.
  const paid = model.channels.filter((c) => !c.organic);
  const budget = paid.reduce((s, c) => s + c.meanSpend, 0);
  const plan = optimizeBudget(model, budget);
  const truthModel = { channels: d.truth.map((t) => ({ ...t, meanSpend: paid.find((c) => c.name === t.name)!.meanSpend, adstock: { type: "geometric" as const, theta: 0 }, draws: [] })), baselinePerPeriod: 0, level: 0.9 };
  const trueOutcome = (x: Record<string, number>) => d.truth.reduce((s, t) => s + t.beta * hill(x[t.name]!, t.alpha, t.k), 0);
  const proposed = Object.fromEntries(plan.allocation.map((a) => [a.channel, a.perPeriod]));
  const current = Object.fromEntries(plan.allocation.map((a) => [a.channel, a.currentPlanPerPeriod]));
  const optimum = optimizeBudget(truthModel, budget);
  const trueGain = trueOutcome(proposed) - trueOutcome(current);
  const bestGain = optimum.expectedMediaOutcome.value - trueOutcome(current);
  const gainInside = trueGain >= plan.gain.low && trueGain <= plan.gain.high;
  // The same draws' plain percentile interval, widened to its estimate if needed (not centred on it).
  const gainDraws = paid[0]!.draws.map((_, b) => paid.reduce((s, c) => s + c.draws[b]!.beta * (hill(proposed[c.name]!, c.draws[b]!.alpha, c.draws[b]!.k) - hill(current[c.name]!, c.draws[b]!.alpha, c.draws[b]!.k)), 0));
  const pLow = Math.min(quantile(gainDraws, 0.05), plan.gain.value), pHigh = Math.max(quantile(gainDraws, 0.95), plan.gain.value);
  pctInside.push(trueGain >= pLow && trueGain <= pHigh);
  rows.push({ worst: Math.max(...cells.map((c) => Math.abs(c.err))), inside: cells.filter((c) => c.inside).length, n: cells.length, gainInside, share: bestGain > 0 ? trueGain / bestGain : 1 });
  console.log(`${d.label} (${model.window.periods} periods), fit ${wall.toFixed(1)} s (CPU ${cpu.toFixed(1)} s)`);
  if (calibrationLine) console.log(calibrationLine);
  if (shapes) for (const c of model.channels) {
    const t = d.truth.find((x) => x.name === c.name);
    console.log(`  shape ${c.name}: adstock ${JSON.stringify(c.adstock)}, slope ${c.alpha}, K ${c.k.toFixed(0)}, β ${c.beta.toFixed(0)}${t ? `; truth slope ${t.alpha}, K ${t.k.toFixed(0)}, β ${t.beta.toFixed(0)}` : ""}`);
  }
  console.log(`  ROAS: ${cells.map((c) => `${c.name} ${pct(c.err)} (width ${(100 * c.width).toFixed(0)} %${c.inside ? "" : ", truth outside"})`).join("; ")}`);
  if (baselineLine) console.log(baselineLine);
  console.log(`  optimiser at ${budget.toFixed(0)}/period: predicted gain ${plan.gain.value.toFixed(0)} [${plan.gain.low.toFixed(0)}, ${plan.gain.high.toFixed(0)}], true gain of the plan ${trueGain.toFixed(0)}${gainInside ? "" : " (outside)"}, truth's optimum gain ${bestGain.toFixed(0)}`);
}
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };
const sorted = rows.map((r) => r.worst).sort((a, b) => a - b);
const med = median(sorted);
console.log(`\n${rows.length} draws. Worst-channel ROAS error: median ${pct(med)}, max ${pct(sorted[sorted.length - 1]!)} (goals ≤ 10 %, ≤ 20 %). ` +
  `Truth inside the 90 % interval: ${rows.reduce((s, r) => s + r.inside, 0)}/${rows.reduce((s, r) => s + r.n, 0)} (goal ≥ 90 %). ` +
  `Calibration moved the replayed test towards its experiment in ${moves.filter((m) => m.toward).length}/${moves.length} tests and the channel's ROAS the same way in ${moves.filter((m) => m.sameWay).length}/${moves.length}. ` +
  `True gain inside the optimiser's gain interval: ${rows.filter((r) => r.gainInside).length}/${rows.length} (draws' percentile interval: ${pctInside.filter(Boolean).length}); plan's true gain ÷ truth's optimum gain, median ${(rows.map((r) => r.share).sort((a, b) => a - b)[Math.floor(rows.length / 2)]! * 100).toFixed(0)} %.`);
console.log(`Fit time over ${rows.length} draws (100 bootstrap replicates each): wall ${times.wall.toFixed(1)} s, CPU ${times.cpu.toFixed(1)} s.`);
if (baselineFit) {
  const b = baseRows.map((r) => r.worst);
  console.log(`Baseline ${rev}: worst-channel ROAS error median ${pct(median(b))}, max ${pct(Math.max(...b))}; truth inside the 90 % interval ${baseRows.reduce((s, r) => s + r.inside, 0)}/${baseRows.reduce((s, r) => s + r.n, 0)}; ` +
    `fit time wall ${times.baseWall.toFixed(1)} s, CPU ${times.baseCpu.toFixed(1)} s. Ratio this / baseline: wall ${(times.wall / times.baseWall).toFixed(2)}x, CPU ${(times.cpu / times.baseCpu).toFixed(2)}x.`);
  rmSync(baselineDir!, { recursive: true, force: true });
}
