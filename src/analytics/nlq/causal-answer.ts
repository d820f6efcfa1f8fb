import { and, desc, eq, inArray } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { attributionModels, attributionResults, experimentResults, experiments } from "../../db/tables/index.js";
import { geoLiftStandardError } from "../attribution/mmm-data.js";
import { compute } from "../../compute/pool.js";
import type { MmmModel } from "../attribution/mmm/types.js";
import { describeExperimentResult } from "../search/remember-results.js";
import type { CausalIntent } from "./causal-intent.js";

/** A causal answer: words, and one row per channel or experiment with the numbers behind them. */
export interface CausalAnswer {
  answer: string;
  rows: Record<string, unknown>[];
}

const LABEL: Record<string, string> = { meta: "Meta", google_ads: "Google Ads", tiktok: "TikTok", klaviyo: "Klaviyo" };
const label = (c: string) => LABEL[c] ?? c;
const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ratio = (x: number) => x.toFixed(2);
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const names = (p?: string[]) => (p?.length ? p.map(label).join(" and ") : "any channel");
// z of a two-sided 90 % interval (the level the MMM reports by default).
const Z90 = 1.6449;

/** The latest ready marketing mix model of the org, or undefined. */
export async function latestReadyMmm(scope: OrgScope) {
  const [m] = await scope.db.select().from(attributionModels)
    .where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.type, "mmm"), eq(attributionModels.status, "ready")))
    .orderBy(desc(attributionModels.updatedAt)).limit(1);
  return m;
}

/** Incremental ROAS per channel from the latest ready MMM, for labelling platform-reported ROAS. */
export async function modelRoas(scope: OrgScope, platforms?: string[]) {
  const m = await latestReadyMmm(scope);
  if (!m) return null;
  const rows = await scope.db.select().from(attributionResults).where(and(eq(attributionResults.orgId, scope.orgId), eq(attributionResults.modelId, m.id), eq(attributionResults.method, "mmm")));
  const level = Number((m.state as { level?: number } | null)?.level ?? 0.9);
  return { model: m, level, rows: rows.filter((r) => r.roas !== null && (!platforms?.length || platforms.includes(r.channel))) };
}

async function incremental(scope: OrgScope, intent: CausalIntent): Promise<CausalAnswer> {
  const m = await latestReadyMmm(scope);
  const tests = await experimentAnswers(scope, intent.platforms);
  if (!m) {
    if (tests.rows.length) return { answer: `No marketing mix model is ready, so there is no model estimate; the experiments say: ${tests.answer}`, rows: tests.rows };
    return { answer: `Nothing measures what ${names(intent.platforms)} incrementally drove yet: no marketing mix model is ready and no experiment on it has been analysed. Train one (trainAttributionModel, type "mmm") or analyse a holdout; platform-reported ROAS is not incremental.`, rows: [] };
  }
  const level = Number((m.state as { level?: number } | null)?.level ?? 0.9);
  const outcome = String((m.config as { outcome?: string }).outcome ?? "revenue");
  const results = (await scope.db.select().from(attributionResults).where(and(eq(attributionResults.orgId, scope.orgId), eq(attributionResults.modelId, m.id), eq(attributionResults.method, "mmm"))))
    .filter((r) => !intent.platforms?.length || intent.platforms.includes(r.channel)).sort((a, b) => b.value - a.value);
  if (!results.length) return { answer: `The model "${m.name}" has no estimate for ${names(intent.platforms)}.`, rows: [] };
  const iv = (lo: number | null, hi: number | null, f: (x: number) => string) => (lo !== null && hi !== null ? ` (${f(lo)} to ${f(hi)})` : "");
  const parts = results.map((r) => `${label(r.channel)} drove ${money(r.value)} of ${outcome}${iv(r.valueLow, r.valueHigh, money)}` +
    (r.roas !== null ? `, incremental ROAS ${ratio(r.roas)}${iv(r.roasLow, r.roasHigh, ratio)}` : ", no ROAS (no spend)"));
  const answer = `From the model "${m.name}" (marketing mix model, data ${m.dataFrom} to ${m.dataTo}, trained ${m.updatedAt.toISOString().slice(0, 10)}, ${pct(level)} intervals): ` +
    `${parts.join("; ")}.${tests.rows.length ? ` Experiments: ${tests.answer}` : ""}`;
  return {
    answer,
    rows: results.map((r) => ({ source: "model", model: m.name, channel: r.channel, spend: r.spend, incrementalOutcome: r.value, incrementalOutcomeLow: r.valueLow, incrementalOutcomeHigh: r.valueHigh, roas: r.roas, roasLow: r.roasLow, roasHigh: r.roasHigh })).concat(tests.rows as never[]),
  };
}

/** What the analysed experiments on these channels showed, newest analysis per experiment. */
async function experimentAnswers(scope: OrgScope, platforms?: string[]): Promise<CausalAnswer> {
  const exps = (await scope.db.select().from(experiments).where(eq(experiments.orgId, scope.orgId)))
    .filter((e) => !platforms?.length || (e.treatment.channel && platforms.includes(e.treatment.channel)));
  if (!exps.length) return { answer: "", rows: [] };
  const results = await scope.db.select().from(experimentResults)
    .where(and(eq(experimentResults.orgId, scope.orgId), inArray(experimentResults.experimentId, exps.map((e) => e.id)))).orderBy(desc(experimentResults.createdAt));
  const rows: Record<string, unknown>[] = [];
  const parts: string[] = [];
  for (const e of exps.sort((a, b) => String(b.startDate).localeCompare(String(a.startDate)))) {
    const r = results.find((x) => x.experimentId === e.id);
    if (!r) continue;
    const res = r.result as { incremental?: number; lift?: number; pValue?: number; iroas?: number | null; spendChange?: number | null; preFit?: { rmse: number } };
    const when = e.startDate ? `${e.startDate} to ${e.endDate}` : "undated";
    if (typeof res.incremental === "number" && res.preFit && e.startDate && e.endDate) {
      const se = geoLiftStandardError({ treatedGeos: e.treatedGeos.length, preRmse: res.preFit.rmse, start: e.startDate, end: e.endDate, incremental: res.incremental });
      const [lo, hi] = [res.incremental - Z90 * se, res.incremental + Z90 * se];
      const iroas = res.spendChange ? { v: res.incremental / res.spendChange, a: lo / res.spendChange, b: hi / res.spendChange } : null;
      const ir = iroas ? `, incremental ROAS ${ratio(iroas.v)} (${ratio(Math.min(iroas.a, iroas.b))} to ${ratio(Math.max(iroas.a, iroas.b))}) on ${money(Math.abs(res.spendChange!))} of spend moved` : "";
      parts.push(`"${e.name}" (${e.type}, ${when}, ${r.method.replace(/_/g, " ")}): ${r.metric} lift ${((res.lift ?? 0) * 100).toFixed(1)} %, incremental ${r.metric} ${money(res.incremental)} (90 % interval ${money(lo)} to ${money(hi)}), p = ${Number(res.pValue).toPrecision(2)}${ir}`);
      rows.push({ source: "experiment", experiment: e.name, channel: e.treatment.channel ?? null, start: e.startDate, end: e.endDate, method: r.method, lift: res.lift ?? null, incremental: res.incremental, incrementalLow: lo, incrementalHigh: hi, pValue: res.pValue ?? null, iroas: iroas?.v ?? null });
    } else {
      parts.push(`"${e.name}" (${e.type}, ${when}): ${describeExperimentResult(r.method, r.metric, r.result).replace(/\.$/, "")}`);
      rows.push({ source: "experiment", experiment: e.name, channel: e.treatment.channel ?? null, start: e.startDate, end: e.endDate, method: r.method });
    }
  }
  return { answer: parts.length ? `${parts.join("; ")}.` : "", rows };
}

async function budget(scope: OrgScope, intent: CausalIntent, signal?: AbortSignal): Promise<CausalAnswer> {
  const m = await latestReadyMmm(scope);
  if (!m?.state) return { answer: "No marketing mix model is ready, so there is nothing to allocate a budget with. Train one (trainAttributionModel, type \"mmm\") first.", rows: [] };
  if (!intent.amount) return { answer: `Say how much to allocate, e.g. "where should the next 10k go?"; the model "${m.name}" is ready.`, rows: [] };
  const fitted = m.state as unknown as MmmModel;
  // "The next 10k" is on top of today's mix, spread over the next 30 days (or 4 weeks): every paid channel keeps at least its current spend.
  const periods = fitted.grain === "week" ? 4 : 30;
  const paid = fitted.channels.filter((c) => !c.organic);
  const current = paid.reduce((s, c) => s + c.meanSpend, 0) * periods;
  // (the 1e-9 slack keeps float rounding of the sums from failing the optimiser's bound checks)
  const keep = paid.map((c) => ({ channel: c.name, min: c.meanSpend * (1 - 1e-9), max: c.meanSpend * (1 + 1e-9) }));
  // Both plans re-optimise every bootstrap replicate (the gain interval), so they run in the compute pool, off the request thread.
  const [now, plan] = await Promise.all([
    compute("optimizeBudget", [fitted, current, { periods, constraints: keep }], { signal }),
    compute("optimizeBudget", [fitted, current + intent.amount, { periods, constraints: paid.map((c) => ({ channel: c.name, min: c.meanSpend * (1 - 1e-9) })) }], { signal }),
  ]);
  const extra = plan.allocation.map((a) => ({ channel: a.channel, extra: a.spend - a.currentPerPeriod * periods })).filter((a) => a.extra > 0.005).sort((a, b) => b.extra - a.extra);
  const gain = plan.expectedMediaOutcome.value - now.expectedMediaOutcome.value;
  const outcome = String((m.config as { outcome?: string }).outcome ?? "revenue");
  const answer = `From the model "${m.name}" (data ${m.dataFrom} to ${m.dataTo}): put the next ${money(intent.amount)} over the next ${periods} ${fitted.grain}s into ` +
    `${extra.map((a) => `${label(a.channel)} ${money(a.extra)}`).join(", ")}, on top of today's mix. Expected extra ${outcome}: ${money(gain)} ` +
    `(media ${outcome} ${money(plan.expectedMediaOutcome.value)}, ${pct(fitted.level)} interval ${money(plan.expectedMediaOutcome.low)}–${money(plan.expectedMediaOutcome.high)}, vs ${money(now.expectedMediaOutcome.value)} today).`;
  return { answer, rows: plan.allocation.map((a) => ({ source: "optimizer", model: m.name, channel: a.channel, extraSpend: a.spend - a.currentPerPeriod * periods, spend: a.spend, currentSpend: a.currentPerPeriod * periods, expectedContribution: a.expectedContribution })) };
}

/**
 * Answer a causal question from the latest ready model, the analysed experiments and the budget optimiser; refuse clearly when none exists.
 * Aborting `signal` cancels the optimiser's work in the compute pool.
 */
export async function answerCausal(scope: OrgScope, intent: CausalIntent, signal?: AbortSignal): Promise<CausalAnswer> {
  if (intent.kind === "budget") return budget(scope, intent, signal);
  if (intent.kind === "incremental") return incremental(scope, intent);
  const tests = await experimentAnswers(scope, intent.platforms);
  if (!tests.rows.length) return { answer: `No analysed experiment on ${names(intent.platforms)} exists. Create one (createExperiment), upload its data and analyse it (analyzeExperiment).`, rows: [] };
  return tests;
}
