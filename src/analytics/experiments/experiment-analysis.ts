import type { OrgScope } from "../../db/scope.js";
import { experimentResults, type ExperimentObservationRow, type ExperimentRow } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { aggregateUnits, cupedTest, meanTest, proportionTest } from "./ab-test.js";
import { bayesianMeans, bayesianProportions } from "./bayesian.js";
import { getExperiment, observationsOf } from "./experiment-service.js";
import { compute } from "../../compute/pool.js";
import { sampleRatioCheck } from "./sample-ratio.js";
import { sequentialInterval } from "./sequential.js";
import type { VariantAggregate } from "./types.js";

/** Options of an analysis run. */
export interface AnalysisOptions {
  /** Metric to analyse (default primary). */
  metric?: string | null;
  /** Add always-valid (mSPRT) intervals. */
  sequential?: boolean | null;
  /** Mixing variance of the mSPRT (default: set by sequentialTuning as gbstats does). */
  sequentialTau2?: number | null;
  /** gbstats' sequential tuning parameter N*: the units (both arms) at which the interval is tightest (default 5000). */
  sequentialTuning?: number | null;
  /** Geo tests: "synthetic_control" (default) or "did". */
  geoMethod?: "synthetic_control" | "did" | null;
  /** Aborting stops a geo analysis's computation (its worker thread is terminated). */
  signal?: AbortSignal;
}

const toAggregate = (r: ExperimentObservationRow): VariantAggregate => ({
  variant: r.variant, n: r.n!, sum: r.sum!, sumSquares: r.sumSquares!,
  ...(r.covariateSum != null && r.covariateSumSquares != null && r.crossSum != null ? { covariateSum: r.covariateSum, covariateSumSquares: r.covariateSumSquares, crossSum: r.crossSum } : {}),
});

/** A/B analysis of variant aggregates (uploaded, or summed from unit rows). */
export function analyzeAb(exp: ExperimentRow, aggregates: VariantAggregate[], opts: AnalysisOptions) {
  const byName = new Map(aggregates.map((a) => [a.variant, a]));
  const control = exp.variants.find((v) => v.control)!;
  const c = byName.get(control.name);
  if (!c) throw badInput(`No data for the control variant "${control.name}"; upload its aggregates or unit rows.`);
  const binary = exp.metricType === "binary";
  const cuped = !binary && aggregates.every((a) => a.covariateSum !== undefined);
  const method = binary ? "proportions" : cuped ? "cuped" : "welch";
  const comparisons = exp.variants.filter((v) => !v.control && byName.has(v.name)).map((v) => {
    const t = byName.get(v.name)!;
    const est = binary ? proportionTest({ n: c.n, conversions: c.sum }, { n: t.n, conversions: t.sum }, exp.alpha)
      : cuped ? cupedTest(c, t, exp.alpha) : meanTest(c, t, exp.alpha);
    const bayes = binary ? bayesianProportions({ n: c.n, conversions: c.sum }, { n: t.n, conversions: t.sum }) : bayesianMeans(est.absoluteLift, est.standardError);
    const seqOpts = { tau2: opts.sequentialTau2 ?? undefined, n: c.n + t.n, tuning: opts.sequentialTuning ?? undefined };
    const seq = opts.sequential ? sequentialInterval(est.absoluteLift, est.standardError ** 2, exp.alpha, seqOpts) : null;
    // gbstats reports the relative lift's sequential interval; both are given.
    const seqRelative = opts.sequential && est.relativeStandardError > 0 ? sequentialInterval(est.relativeLift, est.relativeStandardError ** 2, exp.alpha, seqOpts) : null;
    return { variant: v.name, ...est, bayesian: bayes, sequential: seq, sequentialRelative: seqRelative };
  });
  if (comparisons.length === 0) throw badInput("No treatment variant has data yet; upload aggregates or unit rows for at least one.");
  const present = exp.variants.filter((v) => byName.has(v.name));
  const srm = sampleRatioCheck(present.map((v) => byName.get(v.name)!.n), present.map((v) => v.weight));
  return { method, control: control.name, variants: aggregates.map((a) => ({ variant: a.variant, n: a.n, mean: a.sum / a.n })), comparisons, sampleRatio: srm };
}

/** Analyse an experiment with the method its type and data call for, and persist the result with its inputs. */
export async function analyzeExperiment(scope: OrgScope, experimentId: string, opts: AnalysisOptions = {}) {
  const exp = await getExperiment(scope, experimentId);
  const metric = opts.metric?.trim() || exp.primaryMetric;
  let method: string, result: Record<string, unknown>, inputs: Record<string, unknown>;
  if (exp.type === "ab" || exp.type === "holdout") {
    let aggregates = (await observationsOf(scope, exp.id, metric, "aggregate")).map(toAggregate);
    if (aggregates.length === 0) {
      const units = await observationsOf(scope, exp.id, metric, "unit");
      const groups = new Map<string, { value: number; covariate: number | null }[]>();
      for (const u of units) (groups.get(u.variant) ?? groups.set(u.variant, []).get(u.variant)!).push({ value: u.value!, covariate: u.covariate });
      aggregates = [...groups].map(([v, rows]) => aggregateUnits(v, rows));
    }
    if (aggregates.length === 0) throw badInput(`Experiment "${exp.name}" has no data for metric "${metric}"; upload aggregates or unit rows first.`);
    const r = analyzeAb(exp, aggregates, opts);
    method = r.method;
    result = r;
    inputs = { metric, alpha: exp.alpha, metricType: exp.metricType, sequential: Boolean(opts.sequential), aggregates };
  } else {
    const rows = await observationsOf(scope, exp.id, metric, "geo");
    if (rows.length === 0) throw badInput(`Experiment "${exp.name}" has no geo × day data for metric "${metric}"; upload geoRows first.`);
    if (!exp.startDate || !exp.endDate) throw badInput("Set the experiment's startDate and endDate (the treatment window) before analysing it.");
    const keep = new Set([...exp.treatedGeos, ...exp.controlGeos]);
    const panel = rows.filter((r) => exp.controlGeos.length === 0 || keep.has(r.geo)).map((r) => ({ geo: r.geo, date: r.date!, value: r.value! }));
    const design = { treated: exp.treatedGeos, start: exp.startDate, end: exp.endDate };
    method = opts.geoMethod ?? "synthetic_control";
    // Permutation inference is CPU-heavy: it runs in the compute pool, off the event loop.
    const effect = method === "did" ? await compute("differenceInDifferences", [panel, design], { signal: opts.signal }) : await compute("syntheticControl", [panel, design], { signal: opts.signal });
    // Incremental return on the spend the treatment moved: both negative for a holdout, so iROAS stays positive.
    const spendChange = exp.treatment.spendChange ?? null;
    result = { ...effect, spendChange, iroas: spendChange ? effect.incremental / spendChange : null };
    inputs = { metric, design, geos: new Set(panel.map((p) => p.geo)).size, days: new Set(panel.map((p) => p.date)).size };
  }
  const [row] = await scope.db.insert(experimentResults).values({ orgId: scope.orgId, experimentId: exp.id, metric, method, inputs, result }).returning();
  return row!;
}
