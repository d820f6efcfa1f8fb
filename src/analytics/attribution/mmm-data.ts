import type { OrgScope } from "../../db/scope.js";
import { badInput } from "../../errors.js";
import { buildCausalDataset } from "../causal-dataset/causal-dataset.service.js";
import { loadOrgSettings } from "../calendar/org-settings.js";
import { getExperiment, listAnalyses } from "../experiments/experiment-service.js";
import type { MmmCalibration, MmmInput } from "./mmm/types.js";

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "") || "unknown";

/**
 * The MMM's data from the causal dataset: daily spend per channel (platform) from media facts, and the
 * outcome from the business's own outcome facts (kind "outcome") — never the platforms' claims.
 * Channels without spend in the window (e-mail sends) are dropped and reported.
 */
export async function loadMmmData(scope: OrgScope, q: { from: string; to: string; outcome: "revenue" | "conversions"; calibration: MmmCalibration[]; calibrationExperimentIds: string[] }) {
  const ds = await buildCausalDataset(scope, { dateRange: { from: q.from, to: q.to }, treatments: ["spend"], outcomes: [q.outcome], outcomeKind: "outcome", calendarControls: true });
  const outcome = ds.rows.map((r) => Number(r[q.outcome] ?? 0));
  if (!outcome.some((v) => v !== 0)) throw badInput(`No ${q.outcome} in outcome facts between ${q.from} and ${q.to}; load the store's own daily results (facts of kind "outcome", e.g. Klaviyo order aggregates or a sales CSV).`);
  const channels = ds.channels.map((c) => ({ name: c, spend: ds.rows.map((r) => Number(r[`spend_${slug(c)}`] ?? 0)) }));
  const dropped = channels.filter((c) => !c.spend.some((s) => s > 0)).map((c) => c.name);
  const events = ds.rows.some((r) => r.has_event === 1) ? [{ name: "events", values: ds.rows.map((r) => Number(r.has_event ?? 0)) }] : [];
  const settings = await loadOrgSettings(scope);
  const calibration = [...q.calibration];
  for (const id of q.calibrationExperimentIds) calibration.push(await calibrationOf(scope, id));
  const input: MmmInput = { dates: ds.rows.map((r) => String(r.date)), grain: "day", outcome, channels: channels.filter((c) => !dropped.includes(c.name)), events, country: settings.country, region: settings.region ?? undefined, calibration };
  return { input, dropped };
}

/**
 * An experiment's latest geo analysis as a calibration: its incremental total over the treatment
 * window; standard error ≈ treated geos × pre-period RMSE × √(treated days) (independent daily errors),
 * floored at 1 % of the lift so a perfect pre-period fit cannot make the constraint numerically absolute.
 */
async function calibrationOf(scope: OrgScope, experimentId: string): Promise<MmmCalibration> {
  const exp = await getExperiment(scope, experimentId);
  if (!exp.treatment.channel) throw badInput(`Experiment "${exp.name}" does not name the channel it tested; set treatment.channel to calibrate with it.`);
  const [latest] = await listAnalyses(scope, exp.id);
  const r = latest?.result as { incremental?: number; preFit?: { rmse: number }; att?: number } | undefined;
  if (!latest || r?.incremental === undefined || !r.preFit || !exp.startDate || !exp.endDate) throw badInput(`Experiment "${exp.name}" has no geo analysis to calibrate with; analyse it first.`);
  const days = Math.round((Date.parse(exp.endDate) - Date.parse(exp.startDate)) / 86_400_000) + 1;
  return { channel: exp.treatment.channel, start: exp.startDate, end: exp.endDate, incremental: r.incremental, standardError: Math.max(exp.treatedGeos.length * r.preFit.rmse * Math.sqrt(days), 0.01 * Math.abs(r.incremental), 1e-6) };
}
