import { badInput } from "../../errors.js";
import { numericColumns, type CausalTable } from "./causal-columns.js";
import { prePostImpact, type ImpactData, type ImpactResult } from "./impact.js";
import { twoStageLeastSquares, type IvResult } from "./iv.js";
import { propensityAnalysis, type MatchingResult } from "./matching.js";
import { regressionDiscontinuity, type RddResult } from "./rdd.js";
import { refuteImpact, refuteIv, refuteMatching, verdict, type Refutation, type Verdict } from "./refute.js";

export type CausalMethod = "instrumental_variables" | "regression_discontinuity" | "propensity_matching" | "pre_post_impact";

/** Column roles and options of each method (column names refer to the data source). */
export interface CausalMethodOptions {
  method: CausalMethod;
  alpha?: number | null;
  seed?: number | null;
  iv?: { outcome: string; treatment: string; instruments: string[]; controls?: string[] | null } | null;
  rdd?: { running: string; outcome: string; treatment?: string | null; cutoff: number; bandwidth?: number | null } | null;
  matching?: { outcome: string; treatment: string; covariates: string[]; caliper?: number | null; trim?: number | null; bootstrap?: number | null } | null;
  prePost?: { outcome: string; controls?: string[] | null; period?: string | null; unit?: string | null; treatedUnits?: string[] | null; interventionStart: string; trend?: boolean | null } | null;
}

/** What an analysis stores and returns: the method's result, checks around it, and warnings in words. */
export interface CausalOutcome {
  iv?: IvResult;
  rdd?: RddResult;
  matching?: MatchingResult;
  prePost?: ImpactResult;
  refutations: Refutation[];
  verdict: Verdict;
  warnings: string[];
  droppedRows: number;
  /** Rows used. */
  observations: number;
}

const need = <T>(v: T | null | undefined, method: string, key: string): T => {
  if (v == null) throw badInput(`method ${method} needs its options in "${key}".`);
  return v;
};

function runIv(t: CausalTable, o: NonNullable<CausalMethodOptions["iv"]>, alpha: number, seed: number) {
  const controls = o.controls ?? [];
  const cols = numericColumns(t, [o.outcome, o.treatment, ...o.instruments, ...controls]);
  const [y, d, ...rest] = cols.values;
  const data = { outcome: y!, treatment: d!, instruments: rest.slice(0, o.instruments.length), controls: rest.slice(o.instruments.length) };
  const r = twoStageLeastSquares(data, alpha);
  const warnings = r.weakInstruments ? [`Weak instruments: first-stage F is ${r.firstStage.fStatistic.toFixed(2)} (< 10), so the 2SLS estimate leans towards OLS and its interval is too narrow. Find a stronger instrument.`] : [];
  return { out: { iv: r }, refutations: refuteIv(data, r.estimate, r.standardError, seed), warnings, n: y!.length, dropped: cols.dropped };
}

function runRdd(t: CausalTable, o: NonNullable<CausalMethodOptions["rdd"]>, alpha: number) {
  const cols = numericColumns(t, [o.running, o.outcome, ...(o.treatment ? [o.treatment] : [])]);
  const [x, y, d] = cols.values;
  const r = regressionDiscontinuity({ running: x!, outcome: y!, treatment: d ?? null, cutoff: o.cutoff }, { bandwidth: o.bandwidth, alpha });
  const refutations: Refutation[] = [
    ...r.placebos.map((p) => ({ check: "placebo_cutoff", originalEstimate: r.estimate, newEstimate: p.estimate, passed: p.passed, detail: `A jump was estimated at ${p.cutoff}, where nothing changes; it should not be significant (p = ${p.pValue.toFixed(3)}).` })),
    { check: "density", originalEstimate: r.estimate, newEstimate: r.density.logDifference, passed: !r.density.manipulationSuspected, detail: `McCrary test of the running variable's density at the cutoff (p = ${r.density.pValue.toFixed(3)}); a jump means units may have sorted themselves across it.` },
  ];
  const warnings = [
    ...(r.density.manipulationSuspected ? ["The running variable's density jumps at the cutoff: units may have manipulated it, and the estimate may be biased."] : []),
    ...(r.firstStageJump !== null && Math.abs(r.firstStageJump) < 0.1 ? [`Treatment take-up jumps by only ${r.firstStageJump.toFixed(3)} at the cutoff: the fuzzy estimate is unstable.`] : []),
  ];
  return { out: { rdd: r }, refutations, warnings, n: x!.length, dropped: cols.dropped };
}

function runMatching(t: CausalTable, o: NonNullable<CausalMethodOptions["matching"]>, alpha: number, seed: number) {
  const cols = numericColumns(t, [o.outcome, o.treatment, ...o.covariates]);
  const [y, d, ...cov] = cols.values;
  if ((o.bootstrap ?? 200) * y!.length > 5_000_000) throw badInput(`bootstrap × rows must stay under 5,000,000 (here ${(o.bootstrap ?? 200) * y!.length}); lower bootstrap.`);
  const data = { outcome: y!, treatment: d!, covariates: o.covariates.map((name, j) => ({ name, values: cov[j]! })) };
  const r = propensityAnalysis(data, { caliper: o.caliper, trim: o.trim, bootstrap: o.bootstrap, alpha, seed });
  const warnings = [
    ...(!r.balanced ? [`Covariates are not balanced after adjustment (|SMD| ≥ 0.1 for ${r.balance.filter((b) => Math.abs(b.smdMatched) >= 0.1 || Math.abs(b.smdWeighted) >= 0.1).map((b) => b.covariate).join(", ")}): add covariates or interactions to the propensity model.`] : []),
    ...(r.matching.unmatchedTreated > 0.1 * r.treatedUnits ? [`${r.matching.unmatchedTreated} treated units found no control within the caliper: the ATT describes the matched units only.`] : []),
  ];
  const refutations = refuteMatching(data, r.matching.att.estimate, r.matching.att.standardError, { caliper: o.caliper ?? 0.2, trim: o.trim ?? 0.01 }, seed);
  return { out: { matching: r }, refutations, warnings, n: y!.length, dropped: cols.dropped };
}

/** A treated series and its controls: from columns of a date table, or pivoted from a date × unit panel. */
function impactData(t: CausalTable, o: NonNullable<CausalMethodOptions["prePost"]>): { data: ImpactData; dropped: number } {
  const periodCol = o.period ?? "date";
  if (!t.columns.includes(periodCol)) throw badInput(`Column "${periodCol}" (the period) is not in the data; name it in prePost.period.`);
  if (o.unit) {
    if (!o.treatedUnits?.length) throw badInput("With prePost.unit, name the treated units in prePost.treatedUnits.");
    const treated = new Set(o.treatedUnits);
    const byPeriod = new Map<string, Map<string, number>>();
    for (const r of t.rows) {
      const p = String(r[periodCol]), u = String(r[o.unit]), v = Number(r[o.outcome]);
      if (!Number.isFinite(v)) continue;
      const m = byPeriod.get(p) ?? byPeriod.set(p, new Map()).get(p)!;
      m.set(u, (m.get(u) ?? 0) + v);
    }
    const units = [...new Set(t.rows.map((r) => String(r[o.unit!])))].filter((u) => !treated.has(u)).sort();
    const periods = [...byPeriod.keys()].sort();
    const missing = [...treated].filter((u) => !t.rows.some((r) => String(r[o.unit!]) === u));
    if (missing.length) throw badInput(`Treated units not in the data: ${missing.join(", ")}.`);
    return {
      data: {
        periods,
        outcome: periods.map((p) => [...treated].reduce((s, u) => s + (byPeriod.get(p)!.get(u) ?? 0), 0)),
        controls: units.map((u) => ({ name: u, values: periods.map((p) => byPeriod.get(p)!.get(u) ?? 0) })),
        interventionStart: o.interventionStart,
      },
      dropped: 0,
    };
  }
  const cols = numericColumns(t, [o.outcome, ...(o.controls ?? [])]);
  const periods = cols.kept.map((i) => String(t.rows[i]![periodCol]));
  return { data: { periods, outcome: cols.values[0]!, controls: (o.controls ?? []).map((name, j) => ({ name, values: cols.values[j + 1]! })), interventionStart: o.interventionStart }, dropped: cols.dropped };
}

function runPrePost(t: CausalTable, o: NonNullable<CausalMethodOptions["prePost"]>, alpha: number) {
  const { data, dropped } = impactData(t, o);
  const opts = { trend: o.trend, alpha };
  const r = prePostImpact(data, opts);
  const warnings = r.preFit.r2 < 0.5 ? [`The model explains only ${(100 * Math.max(r.preFit.r2, 0)).toFixed(0)} % of the pre-period: the counterfactual is rough. Add controls that move with the outcome.`] : [];
  return { out: { prePost: r }, refutations: refuteImpact(data, opts, r.cumulativeEffect.estimate), warnings, n: data.periods.length, dropped };
}

/**
 * Run one method with its robustness checks on a loaded table. Pure and CPU-bound (bootstraps,
 * refutation re-fits): the service runs it in the compute pool, off the event loop.
 */
export function runCausalMethod(table: CausalTable, input: CausalMethodOptions): CausalOutcome {
  const alpha = input.alpha ?? 0.05;
  const seed = input.seed ?? 1;
  const run =
    input.method === "instrumental_variables" ? runIv(table, need(input.iv, input.method, "iv"), alpha, seed)
    : input.method === "regression_discontinuity" ? runRdd(table, need(input.rdd, input.method, "rdd"), alpha)
    : input.method === "propensity_matching" ? runMatching(table, need(input.matching, input.method, "matching"), alpha, seed)
    : runPrePost(table, need(input.prePost, input.method, "prePost"), alpha);
  const warnings = [...run.warnings, ...(run.dropped ? [`${run.dropped} rows with a missing or non-numeric value in a used column were left out.`] : [])];
  return { ...run.out, refutations: run.refutations, verdict: verdict(run.refutations), warnings, droppedRows: run.dropped, observations: run.n };
}
