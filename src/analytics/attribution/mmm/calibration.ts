import { addDays, daysBetween, daysInclusive } from "../../../dates.js";
import { spendScale, type Candidate } from "./search.js";
import { mediaFeature, stepHills } from "./transforms.js";
import type { MmmCalibration, MmmRoasPrior } from "./types.js";

/**
 * What a calibration says about one channel's coefficient β: β·x(transform) ≈ target. `x` depends on
 * the channel's transform, so it is recomputed for every candidate the search tries.
 */
export interface CalibrationRow {
  /** Index of the channel in the input. */
  column: number;
  /** The measured quantity (incremental outcome). */
  target: number;
  /** Its standard error. */
  se: number;
  /** x for a candidate transform of the channel. */
  x(c: Candidate): number;
}

/**
 * Turn calibrations into rows the fit can use.
 * - Without a design the experiment measured the channel's whole contribution over the window (a national
 *   go-dark): x = Σ_window feature.
 * - With a design (a geo test that moved the spend of a share s of the market by a multiplier m) the model
 *   replays the test: the treated regions respond like a scaled copy of the market (share s), so the
 *   predicted lift is s·β·Σ_window [feature(planned spend × m) − feature(planned spend)], with the planned
 *   national spend recovered from the actual one (÷ (1 − s(1 − m)) inside the window) and the transform's
 *   adstock carrying spend across the window's start, as it did in the test. In weekly and monthly periods that
 *   straddle the window only the window's share of the spend moved (`windowShares`), and the period's whole
 *   difference counts (the treated and planned spend differ only on the window's days). Without a design the
 *   contribution of a straddling period counts by its share of days in the window.
 */
/**
 * Share of each period inside [start, end]: 0 or 1 for days; for weeks and months the fraction of the
 * period's days in the window (a period ends the day before the next one starts; the last one lasts as long
 * as the one before it), so a four-week test starting mid-week weighs two partial weeks.
 */
export function windowShares(dates: readonly string[], start: string, end: string): number[] {
  return dates.map((d, t) => {
    const length = t + 1 < dates.length ? daysBetween(d, dates[t + 1]!) : t > 0 ? daysBetween(dates[t - 1]!, d) : 1;
    const last = addDays(d, length - 1);
    const a = d > start ? d : start, b = last < end ? last : end;
    return a > b ? 0 : daysInclusive(a, b) / length;
  });
}

/** The days of weekly periods, seven per period from each start; null unless every period is seven days after the last. */
function stepDays(dates: readonly string[]): string[] | null {
  if (dates.length < 2 || dates.some((d, t) => t > 0 && daysBetween(dates[t - 1]!, d) !== 7)) return null;
  return dates.flatMap((d) => Array.from({ length: 7 }, (_, i) => addDays(d, i)));
}

export function calibrationRows(dates: readonly string[], channels: readonly { name: string; spend: number[] }[], calibration: readonly MmmCalibration[]): CalibrationRow[] {
  return calibration.map((cal) => {
    const column = channels.findIndex((ch) => ch.name === cal.channel);
    const spend = channels[column]!.spend;
    const scale = spendScale(spend);
    const window = windowShares(dates, cal.start, cal.end);
    const feature = (series: readonly number[], c: Candidate) => mediaFeature(series, c.adstock, c.alpha, c.kappa * scale);
    const windowSum = (f: Float64Array) => f.reduce((s, v, t) => s + window[t]! * v, 0);
    if (!cal.design) return { column, target: cal.incremental, se: cal.standardError, x: (c) => windowSum(feature(spend, c)) };
    const { treatedShare: s, spendMultiplier: m } = cal.design;
    const planned = spend.map((v, t) => v / (1 - window[t]! * s * (1 - m)));
    const treated = planned.map((v, t) => v * (1 - window[t]! * (1 - m)));
    // The treated spend differs from the planned only on the window's days, so a period that straddles the
    // window loses its whole difference there (the rest of it is carry-over): no share weighting.
    const touched = window.map((w) => (w > 0 ? 1 : 0));
    const lost = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, t) => sum + touched[t]! * (v - b[t]!), 0);
    // A weekly model whose adstock runs day by day replays the test on its days: the treated regions' spend
    // changes on the window's days only, not evenly over the weeks it straddles, and the lift counts the window's
    // days only, as the experiment measured it (a daily model's replay does too): the carry-over into the days of
    // the last week after the test's end is not part of the measured lift. A day's share of its week's outcome is
    // its Hill value ÷ 7 (a week's feature is the mean of its days').
    const days = stepDays(dates);
    const inTest = days && days.map((d) => d >= cal.start && d <= cal.end);
    const plannedFine = days && Float64Array.from(days, (_, i) => planned[Math.floor(i / 7)]!);
    const treatedFine = days && plannedFine!.map((v, i) => (inTest![i] ? v * m : v));
    const lostDays = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, i) => sum + (inTest![i] ? v - b[i]! : 0), 0) / 7;
    return {
      column, target: cal.incremental, se: cal.standardError,
      x: (c) => c.adstock.type === "geometric" && c.adstock.steps === 7 && days
        ? s * lostDays(stepHills(treatedFine!, c.adstock, c.alpha, c.kappa * scale), stepHills(plannedFine!, c.adstock, c.alpha, c.kappa * scale))
        : s * lost(feature(treated, c), feature(planned, c)),
    };
  });
}

/**
 * ROAS priors as rows: the channel's ROAS over the window is β·Σ feature ÷ Σ spend, so a normal prior
 * N(roas, se²) on it is the row x = Σ feature / Σ spend, target roas, with weight σ²/se² (σ the residual
 * scale): the ridge with these rows maximises the posterior (MAP).
 */
export function roasPriorRows(channels: readonly { name: string; spend: number[] }[], priors: readonly MmmRoasPrior[]): CalibrationRow[] {
  return priors.map((p) => {
    const column = channels.findIndex((ch) => ch.name === p.channel);
    const spend = channels[column]!.spend;
    const scale = spendScale(spend), total = spend.reduce((a, b) => a + b, 0);
    return { column, target: p.roas, se: p.standardError, x: (c) => mediaFeature(spend, c.adstock, c.alpha, c.kappa * scale).reduce((a, b) => a + b, 0) / total };
  });
}
