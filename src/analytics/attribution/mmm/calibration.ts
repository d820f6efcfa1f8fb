import { spendScale, type Candidate } from "./search.js";
import { mediaFeature } from "./transforms.js";
import type { MmmCalibration } from "./types.js";

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
 *   adstock carrying spend across the window's start, as it did in the test.
 */
export function calibrationRows(dates: readonly string[], channels: readonly { name: string; spend: number[] }[], calibration: readonly MmmCalibration[]): CalibrationRow[] {
  return calibration.map((cal) => {
    const column = channels.findIndex((ch) => ch.name === cal.channel);
    const spend = channels[column]!.spend;
    const scale = spendScale(spend);
    const window = dates.map((d) => d >= cal.start && d <= cal.end);
    const feature = (series: readonly number[], c: Candidate) => mediaFeature(series, c.adstock, c.alpha, c.kappa * scale);
    const windowSum = (f: Float64Array) => f.reduce((s, v, t) => s + (window[t] ? v : 0), 0);
    if (!cal.design) return { column, target: cal.incremental, se: cal.standardError, x: (c) => windowSum(feature(spend, c)) };
    const { treatedShare: s, spendMultiplier: m } = cal.design;
    const planned = spend.map((v, t) => (window[t] ? v / (1 - s * (1 - m)) : v));
    const treated = planned.map((v, t) => (window[t] ? v * m : v));
    return { column, target: cal.incremental, se: cal.standardError, x: (c) => s * (windowSum(feature(treated, c)) - windowSum(feature(planned, c))) };
  });
}
