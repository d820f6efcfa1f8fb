import { daysInclusive } from "../../dates.js";
import type { OrgScope } from "../../db/scope.js";
import { badInput } from "../../errors.js";
import { buildCausalDataset } from "../causal-dataset/causal-dataset.service.js";
import { loadOrgSettings } from "../calendar/org-settings.js";
import { getExperiment, listAnalyses } from "../experiments/experiment-service.js";
import type { MmmCalibration, MmmInput } from "./mmm/types.js";
import { aggregateToGrain, detectGrain, seriesGrain, type MmmGrain } from "./mmm/grain.js";

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "unknown";

/**
 * The MMM's data from the causal dataset: daily spend per channel (platform) from media facts, and the
 * outcome from the business's own outcome facts (kind "outcome") — never the platforms' claims.
 * Channels without spend but with delivered media (e-mail: impressions = delivered messages) enter as
 * organic channels on that volume; channels with neither are dropped and reported. The model's periods
 * follow the facts' grain (`detectGrain`: weekly or monthly facts are fitted as weeks or months, never as
 * days with zeros between them) or an explicit coarser `grain`, which sums the daily facts.
 */
export async function loadMmmData(scope: OrgScope, q: { from: string; to: string; outcome: "revenue" | "conversions"; calibration: MmmCalibration[]; calibrationExperimentIds: string[]; grain?: MmmGrain | null }) {
  const ds = await buildCausalDataset(scope, { dateRange: { from: q.from, to: q.to }, treatments: ["spend", "impressions"], outcomes: [q.outcome], outcomeKind: "outcome", calendarControls: true });
  const outcome = ds.rows.map((r) => Number(r[q.outcome] ?? 0));
  if (!outcome.some((v) => v !== 0)) throw badInput(`No ${q.outcome} in outcome facts between ${q.from} and ${q.to}; load the store's own daily results (facts of kind "outcome", e.g. Klaviyo order aggregates or a sales CSV).`);
  const series = (t: string, c: string) => ds.rows.map((r) => Number(r[`${t}_${slug(c)}`] ?? 0));
  const channels = ds.channels.map((c) => {
    const spend = series("spend", c);
    return spend.some((s) => s > 0) ? { name: c, spend } : { name: c, spend: series("impressions", c), organic: true };
  });
  const dropped = channels.filter((c) => !c.spend.some((s) => s > 0)).map((c) => c.name);
  const organic = channels.filter((c) => c.organic && !dropped.includes(c.name)).map((c) => c.name);
  const events = ds.rows.some((r) => r.has_event === 1) ? [{ name: "events", values: ds.rows.map((r) => Number(r.has_event ?? 0)) }] : [];
  const settings = await loadOrgSettings(scope);
  const calibration = [...q.calibration];
  const days = ds.rows.map((r) => String(r.date));
  for (const id of q.calibrationExperimentIds) calibration.push(withDesign(await calibrationOf(scope, id), days, channels));
  // The facts' own grain (weekly facts sit on one weekday, monthly on the 1st) or the one asked for.
  const kept = channels.filter((c) => !dropped.includes(c.name));
  const recorded = [{ name: q.outcome, values: outcome }, ...kept.map((c) => ({ name: c.name, values: c.spend }))];
  const { grain, weekday } = detectGrain(days, recorded, q.grain ?? undefined);
  const finer = recorded.some((s) => { const g = seriesGrain(days, s.values); return g !== null && g.grain !== grain; });
  const periods = aggregateToGrain(days, outcome, kept, events, grain, weekday, finer);
  const input: MmmInput = { ...periods, grain, country: settings.country, region: settings.region ?? undefined, calibration };
  return { input, dropped, organic };
}

/**
 * A test that moved only part of a channel's spend (a geo holdout or heavy-up) gives the MMM a design to
 * replay: the treated share of the market s and the multiplier m its spend ran at. From the spend change
 * ΔS and the channel's actual spend S in the window (S = planned + ΔS, ΔS = (m − 1)·s·planned):
 * s = ΔS / ((m − 1)·(S − ΔS)). The standard error gets 5 % of the lift in quadrature for what the replay
 * ignores (regions that are not exact scaled copies of the market).
 */
export function withDesign(c: MmmCalibration & { spendChange?: number | null; spendMultiplier?: number | null }, dates: string[], channels: { name: string; spend: number[] }[]): MmmCalibration {
  const { spendChange, spendMultiplier, ...cal } = c;
  if (!spendChange) return cal;
  const m = spendMultiplier ?? (spendChange < 0 ? 0 : NaN);
  if (Number.isNaN(m)) throw badInput(`Experiment on "${c.channel}" raised spend; set treatment.spendMultiplier (e.g. 2 for doubling) so the model can replay it.`);
  const spend = channels.find((ch) => ch.name === c.channel)?.spend.reduce((s, v, t) => s + (dates[t]! >= c.start && dates[t]! <= c.end ? v : 0), 0) ?? 0;
  const treatedShare = spendChange / ((m - 1) * (spend - spendChange));
  if (!(treatedShare > 0 && treatedShare < 1))
    throw badInput(`Experiment on "${c.channel}": a spend change of ${spendChange} at multiplier ${m} does not fit the channel's spend of ${spend.toFixed(2)} between ${c.start} and ${c.end}; check treatment.spendChange.`);
  return { ...cal, standardError: Math.hypot(c.standardError, 0.05 * c.incremental), design: { treatedShare, spendMultiplier: m } };
}

/**
 * Standard error of a geo analysis' incremental total: treated geos × pre-period RMSE × √(treated days)
 * (independent daily errors), floored at 1 % of the lift so a perfect pre-period fit cannot make the
 * constraint numerically absolute.
 */
export function geoLiftStandardError(a: { treatedGeos: number; preRmse: number; start: string; end: string; incremental: number }): number {
  return Math.max(a.treatedGeos * a.preRmse * Math.sqrt(daysInclusive(a.start, a.end)), 0.01 * Math.abs(a.incremental), 1e-6);
}

/**
 * An experiment's latest geo analysis as a calibration: its incremental total over the treatment window
 * with `geoLiftStandardError`. With `treatment.spendChange` the model replays the test (`withDesign`).
 */
async function calibrationOf(scope: OrgScope, experimentId: string): Promise<MmmCalibration & { spendChange?: number | null; spendMultiplier?: number | null }> {
  const exp = await getExperiment(scope, experimentId);
  if (!exp.treatment.channel) throw badInput(`Experiment "${exp.name}" does not name the channel it tested; set treatment.channel to calibrate with it.`);
  const [latest] = await listAnalyses(scope, exp.id);
  const r = latest?.result as { incremental?: number; preFit?: { rmse: number }; att?: number } | undefined;
  if (!latest || r?.incremental === undefined || !r.preFit || !exp.startDate || !exp.endDate) throw badInput(`Experiment "${exp.name}" has no geo analysis to calibrate with; analyse it first.`);
  const standardError = geoLiftStandardError({ treatedGeos: exp.treatedGeos.length, preRmse: r.preFit.rmse, start: exp.startDate, end: exp.endDate, incremental: r.incremental });
  return { spendChange: exp.treatment.spendChange, spendMultiplier: exp.treatment.spendMultiplier, channel: exp.treatment.channel, start: exp.startDate, end: exp.endDate, incremental: r.incremental, standardError };
}
