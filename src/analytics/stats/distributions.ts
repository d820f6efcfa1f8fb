import jStat from "jstat";

/** Distribution functions from jstat, named for what they compute. */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);
export const normalPdf = (z: number): number => jStat.normal.pdf(z, 0, 1);
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);
export const studentTCdf = (t: number, df: number): number => (Number.isFinite(df) ? jStat.studentt.cdf(t, df) : normalCdf(t));
export const studentTQuantile = (p: number, df: number): number => (Number.isFinite(df) ? jStat.studentt.inv(p, df) : normalQuantile(p));
export const chiSquareCdf = (x: number, df: number): number => jStat.chisquare.cdf(x, df);
export const betaCdf = (x: number, a: number, b: number): number => jStat.beta.cdf(x, a, b);
export const betaPdf = (x: number, a: number, b: number): number => jStat.beta.pdf(x, a, b);
/** CDF of Fisher's F with (d1, d2) degrees of freedom. */
export const fCdf = (x: number, d1: number, d2: number): number => (x <= 0 ? 0 : jStat.centralF.cdf(x, d1, d2));
export const logBeta = (a: number, b: number): number => jStat.betaln(a, b);

/** Two-sided p-value of a t statistic. */
export const twoSidedTP = (t: number, df: number): number => 2 * (1 - studentTCdf(Math.abs(t), df));
/** Two-sided p-value of a z statistic. */
export const twoSidedZP = (z: number): number => 2 * (1 - normalCdf(Math.abs(z)));
