import type { OrgScope } from "../../db/scope.js";
import { badInput } from "../../errors.js";
import { loadOrgSettings } from "../calendar/org-settings.js";
import { streamMetrics } from "../metrics/metrics.service.js";
import type { DateRange } from "../metrics/query.js";
import { thompsonBudget, type Arm, type ArmDay, type BanditModel, type BudgetRecommendation } from "./thompson.js";

export interface RecommendBudgetInput {
  dateRange: DateRange;
  /** Arms are platforms (channels) or campaigns. */
  level: "platform" | "campaign";
  model: BanditModel;
  /** Budget per day to split, in the org's reporting currency. */
  budget: number;
  explorationFloor?: number | null;
  /** Per-arm bounds by platform id or campaign id. */
  bounds?: { key: string; min?: number | null; max?: number | null }[] | null;
  /** Only these platforms (e.g. leave out e-mail). */
  platforms?: string[] | null;
  draws?: number | null;
  seed?: number | null;
}

export interface BudgetRecommendationResult extends BudgetRecommendation {
  /** The org's reporting currency, which spend and budget are in. */
  currency: string;
  /** Arms left out because they had no spend in the range (a spend split cannot learn from them). */
  skipped: string[];
  dateRange: DateRange;
}

/** Daily results per arm from the metrics engine (one level per source, converted to the reporting currency). */
async function armsFromFacts(scope: OrgScope, input: RecommendBudgetInput): Promise<Map<string, ArmDay[]>> {
  const dims = input.level === "platform" ? (["platform"] as const) : (["campaign"] as const);
  const arms = new Map<string, ArmDay[]>();
  await streamMetrics(scope, {
    measures: ["spend", "clicks", "conversions", "revenue"], dimensions: [...dims], grain: "day", dateRange: input.dateRange,
    filters: input.platforms?.length ? [{ dimension: "platform", operator: "in", values: input.platforms }] : [],
  }, async (rows) => {
    for (const r of rows) {
      const key = String(input.level === "platform" ? r.platform : r.campaign);
      (arms.get(key) ?? arms.set(key, []).get(key)!).push({ spend: Number(r.spend ?? 0), clicks: Number(r.clicks ?? 0), conversions: Number(r.conversions ?? 0), revenue: Number(r.revenue ?? 0) });
    }
  });
  return arms;
}

/** Thompson-sampling split of a daily budget across platforms or campaigns from their results in the range. */
export async function recommendBudget(scope: OrgScope, input: RecommendBudgetInput): Promise<BudgetRecommendationResult> {
  const arms = await armsFromFacts(scope, input);
  const bounds = new Map((input.bounds ?? []).map((b) => [b.key, b]));
  const unknown = [...bounds.keys()].filter((k) => !arms.has(k));
  if (unknown.length) throw badInput(`Bounds name arms with no data in the range: ${unknown.join(", ")}. Use ${input.level} ids from the metrics query.`);
  const skipped = [...arms].filter(([, days]) => days.every((d) => d.spend <= 0)).map(([k]) => k).sort();
  const list: Arm[] = [...arms].filter(([k]) => !skipped.includes(k)).sort(([a], [b]) => a.localeCompare(b)).map(([key, days]) => ({ key, days, min: bounds.get(key)?.min, max: bounds.get(key)?.max }));
  const rec = thompsonBudget(list, { model: input.model, budget: input.budget, explorationFloor: input.explorationFloor, draws: input.draws, seed: input.seed });
  return { ...rec, currency: (await loadOrgSettings(scope)).reportingCurrency, skipped, dateRange: input.dateRange };
}
