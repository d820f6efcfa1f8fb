// How closely the causal module recovers the sandbox world's known process, over several world draws:
// the demo's year with its three go-dark geo holdouts (src/demo/demo-experiments.ts), on four date
// windows of the default seed and the demo window of three other seeds. Per draw: each holdout's
// synthetic-control lift against the truth, and each paid channel's ROAS from the MMM with and
// without the experiments as calibration (e-mail sends as an organic channel). The world's true
// series go straight to the models; test/db/attribution-demo.test.ts shows the sync path delivers
// exactly these numbers. Run: npx tsx bench/causal/sandbox-recovery.bench.ts
import { fitMmm } from "../../src/analytics/attribution/mmm/fit-mmm.js";
import type { MmmCalibration } from "../../src/analytics/attribution/mmm/types.js";
import { geoLiftStandardError, withDesign } from "../../src/analytics/attribution/mmm-data.js";
import { syntheticControl } from "../../src/analytics/experiments/geo.js";
import { demoGeoTests } from "../../src/demo/demo-experiments.js";
import { createWorld, DEFAULT_SEED } from "../../src/plugins/sandbox/world.js";
import { addDays } from "../../src/dates.js";

const draws = [
  ...["2024-11-20", "2025-01-01", "2025-04-01", "2025-11-21"].map((start) => ({ seed: DEFAULT_SEED, start })),
  ...[1, 7, 42].map((seed) => ({ seed, start: "2024-11-20" })),
];
const paid = ["meta", "google_ads", "tiktok"] as const;
const pct = (x: number) => `${x >= 0 ? "+" : ""}${(100 * x).toFixed(1)} %`;
const summary: { calibrated: number; plain: number; inside: number; experiments: number }[] = [];

for (const { seed, start } of draws) {
  const end = addDays(start, 364);
  const world = createWorld({ seed, start, end, geoTests: demoGeoTests(start, 365) });
  const truth = world.truth();
  const panel = world.regionalDays().map((r) => ({ geo: r.region, date: r.date, value: r.revenue }));
  const channels = [...paid.map((p) => ({ name: p, spend: truth.days.map((d) => d.media[p]) })), { name: "klaviyo", spend: truth.days.map((d) => d.media.klaviyo), organic: true }];
  const dates = truth.days.map((d) => d.date);
  const calibration: MmmCalibration[] = [];
  const expErrors: string[] = [];
  let worstExp = 0;
  for (const t of truth.geoTests) {
    const sc = syntheticControl(panel, { treated: t.regions, start: t.start, end: t.end });
    worstExp = Math.max(worstExp, Math.abs(sc.incremental / t.incrementalRevenue - 1));
    expErrors.push(`${t.channel} ${pct(sc.incremental / t.incrementalRevenue - 1)}`);
    const se = geoLiftStandardError({ treatedGeos: t.regions.length, preRmse: sc.preFit.rmse, start: t.start, end: t.end, incremental: sc.incremental });
    calibration.push(withDesign({ channel: t.channel, start: t.start, end: t.end, incremental: sc.incremental, standardError: se, spendChange: t.spendChangeUsd }, dates, channels));
  }
  const fit = (cal: MmmCalibration[]) => fitMmm({ dates, grain: "day", outcome: truth.days.map((d) => d.revenue), channels, country: "US", calibration: cal }, { bootstrap: 100 });
  const [withExp, without] = [await fit(calibration), await fit([])];
  const err = (m: typeof withExp, p: string) => m.results.find((r) => r.channel === p)!.roas!.value / truth.channels[p as "meta"].roas! - 1;
  const worst = (m: typeof withExp) => Math.max(...paid.map((p) => Math.abs(err(m, p))));
  const inside = paid.filter((p) => { const r = withExp.results.find((x) => x.channel === p)!.roas!; const v = truth.channels[p].roas!; return v >= r.low && v <= r.high; }).length;
  summary.push({ calibrated: worst(withExp), plain: worst(without), inside, experiments: worstExp });
  console.log(`seed ${seed}, ${start} … ${end}`);
  console.log(`  experiments (lift vs truth): ${expErrors.join(", ")}`);
  console.log(`  MMM with experiments:    ${paid.map((p) => `${p} ${pct(err(withExp, p))}`).join(", ")}; truth inside ${inside}/3 intervals`);
  console.log(`  MMM without experiments: ${paid.map((p) => `${p} ${pct(err(without, p))}`).join(", ")}`);
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\n${draws.length} draws. Worst channel error, median (max): calibrated ${pct(med(summary.map((s) => s.calibrated)))} (${pct(Math.max(...summary.map((s) => s.calibrated)))}), ` +
  `uncalibrated ${pct(med(summary.map((s) => s.plain)))} (${pct(Math.max(...summary.map((s) => s.plain)))}); ` +
  `truth inside the calibrated 90 % interval ${summary.reduce((a, s) => a + s.inside, 0)}/${3 * draws.length}; worst experiment error ${pct(Math.max(...summary.map((s) => s.experiments)))}.`);
