import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { connections, experimentObservations, experimentResults, experiments, type ExperimentResultRow, type ExperimentRow, type ExperimentVariant } from "../../db/tables/index.js";
import { badInput, notFound } from "../../errors.js";
import { countByParent, newestFirstPage, newestFirstPagesByParent, type PageArgs } from "../../db/newest-first-page.js";
import { isUuid } from "../../db/node-lookup.js";

export const EXPERIMENT_TYPES = ["ab", "geo", "holdout", "pre_post"] as const;
export const EXPERIMENT_STATUSES = ["draft", "running", "completed", "archived"] as const;

/** Fields of an experiment a caller sets; every one optional on update. */
export interface ExperimentFields {
  /** Display name. */
  name: string;
  /** What the test should show. */
  hypothesis?: string | null;
  /** ab | geo | holdout | pre_post. */
  type: (typeof EXPERIMENT_TYPES)[number];
  /** draft | running | completed | archived. */
  status?: (typeof EXPERIMENT_STATUSES)[number];
  /** First day of treatment. */
  startDate?: string | null;
  /** Last day of treatment. */
  endDate?: string | null;
  /** A/B variants with planned weights; the control is flagged (default: the first). */
  variants?: { name: string; weight?: number | null; control?: boolean | null }[];
  /** Geo tests: treated geos. */
  treatedGeos?: string[];
  /** Geo tests: control geos (default: every other geo in the panel). */
  controlGeos?: string[];
  /**
   * What was treated: campaigns, connections, or the MMM channel an experiment calibrates, and the change
   * of that channel's spend over the window (negative for a holdout) for the iROAS.
   */
  treatment?: { campaigns?: string[]; connections?: string[]; channel?: string; spendChange?: number | null; spendMultiplier?: number | null };
  /** Randomisation unit (user, session, geo …). */
  randomizationUnit?: string | null;
  /** Primary metric name. */
  primaryMetric: string;
  /** binary or continuous. */
  metricType?: "binary" | "continuous";
  /** Secondary metrics. */
  secondaryMetrics?: string[];
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Planned power. */
  plannedPower?: number | null;
  /** Planned minimum detectable effect (absolute). */
  plannedMde?: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function normalise(f: Partial<ExperimentFields>, current?: ExperimentRow): Partial<typeof experiments.$inferInsert> {
  if (f.name !== undefined && !f.name.trim()) throw badInput("An experiment needs a name.");
  if (f.type !== undefined && !EXPERIMENT_TYPES.includes(f.type)) throw badInput(`type must be one of ${EXPERIMENT_TYPES.join(", ")}.`);
  if (f.status !== undefined && !EXPERIMENT_STATUSES.includes(f.status)) throw badInput(`status must be one of ${EXPERIMENT_STATUSES.join(", ")}.`);
  for (const d of [f.startDate, f.endDate]) if (d && !DATE.test(d)) throw badInput(`Dates are YYYY-MM-DD; got "${d}".`);
  const start = f.startDate ?? current?.startDate, end = f.endDate ?? current?.endDate;
  if (start && end && start > end) throw badInput(`startDate ${start} is after endDate ${end}.`);
  if (f.alpha !== undefined && !(f.alpha > 0 && f.alpha < 1)) throw badInput("alpha must be between 0 and 1.");
  if (f.treatment?.spendChange != null && !(Number.isFinite(f.treatment.spendChange) && f.treatment.spendChange !== 0))
    throw badInput("treatment.spendChange must be a non-zero amount (negative when the test cut spend); leave it out if unknown.");
  if (f.treatment?.spendMultiplier != null && !(f.treatment.spendMultiplier >= 0 && f.treatment.spendMultiplier !== 1))
    throw badInput("treatment.spendMultiplier is what the treated geos' spend was multiplied by (0 = go dark, 2 = doubled); it must be ≥ 0 and not 1.");
  if (f.plannedPower != null && !(f.plannedPower > 0 && f.plannedPower < 1)) throw badInput("plannedPower must be between 0 and 1.");
  let variants: ExperimentVariant[] | undefined;
  if (f.variants !== undefined) {
    const names = f.variants.map((v) => v.name.trim());
    if (names.some((n) => !n) || new Set(names).size !== names.length) throw badInput("Variant names must be non-empty and unique.");
    if (f.variants.filter((v) => v.control).length > 1) throw badInput("Flag at most one variant as the control.");
    if (f.variants.some((v) => v.weight != null && !(v.weight > 0))) throw badInput("Variant weights must be positive.");
    const hasControl = f.variants.some((v) => v.control);
    variants = f.variants.map((v, i) => ({ name: names[i]!, weight: v.weight ?? 1, control: hasControl ? Boolean(v.control) : i === 0 }));
  }
  const { variants: _v, ...rest } = f;
  return { ...rest, ...(variants ? { variants } : {}), ...(f.name ? { name: f.name.trim() } : {}) };
}

/** Treated connections must be this organization's: another org's id is NOT_FOUND, as if it did not exist. */
async function checkConnections(scope: OrgScope, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw notFound("Connection", bad);
  const found = await scope.db.select({ id: connections.id }).from(connections).where(and(eq(connections.orgId, scope.orgId), inArray(connections.id, ids)));
  const missing = ids.find((id) => !found.some((f) => f.id.toLowerCase() === id.toLowerCase()));
  if (missing !== undefined) throw notFound("Connection", missing);
}

export async function createExperiment(scope: OrgScope, input: ExperimentFields): Promise<ExperimentRow> {
  if (!input.primaryMetric?.trim()) throw badInput("An experiment needs a primaryMetric.");
  const values = normalise(input);
  if ((input.type === "ab" || input.type === "holdout") && (values.variants?.length ?? 0) < 2) throw badInput("An A/B or holdout test needs at least two variants.");
  if ((input.type === "geo" || input.type === "pre_post") && !(input.treatedGeos?.length)) throw badInput("A geo or pre/post test needs treatedGeos.");
  await checkConnections(scope, values.treatment?.connections);
  const [row] = await scope.db.insert(experiments).values({ ...values, orgId: scope.orgId, name: input.name.trim(), type: input.type, primaryMetric: input.primaryMetric.trim() } as typeof experiments.$inferInsert).returning();
  return row!;
}

export async function getExperiment(scope: OrgScope, id: string): Promise<ExperimentRow> {
  if (!isUuid(id)) throw notFound("Experiment", id);
  const [row] = await scope.db.select().from(experiments).where(and(eq(experiments.orgId, scope.orgId), eq(experiments.id, id)));
  if (!row) throw notFound("Experiment", id);
  return row;
}

export async function listExperiments(scope: OrgScope, filter: { status?: string; type?: string } = {}): Promise<ExperimentRow[]> {
  return scope.db.select().from(experiments).where(and(eq(experiments.orgId, scope.orgId),
    filter.status ? eq(experiments.status, filter.status as ExperimentRow["status"]) : undefined,
    filter.type ? eq(experiments.type, filter.type as ExperimentRow["type"]) : undefined)).orderBy(desc(experiments.createdAt), desc(experiments.id));
}

/** This org's experiments (of one status and type, if given), newest first, one page at a time. */
export const pageExperiments = (scope: OrgScope, filter: { status?: string | null; type?: string | null }, page: PageArgs) =>
  newestFirstPage<ExperimentRow>(scope.db, experiments, experiments, and(eq(experiments.orgId, scope.orgId),
    filter.status ? eq(experiments.status, filter.status as ExperimentRow["status"]) : undefined,
    filter.type ? eq(experiments.type, filter.type as ExperimentRow["type"]) : undefined), page);

export async function updateExperiment(scope: OrgScope, id: string, patch: Partial<ExperimentFields>): Promise<ExperimentRow> {
  const current = await getExperiment(scope, id);
  await checkConnections(scope, patch.treatment?.connections);
  const [row] = await scope.db.update(experiments).set({ ...normalise(patch, current), updatedAt: sql`now()` })
    .where(and(eq(experiments.orgId, scope.orgId), eq(experiments.id, id))).returning();
  return row!;
}

export async function deleteExperiment(scope: OrgScope, id: string): Promise<boolean> {
  await getExperiment(scope, id);
  await scope.db.delete(experiments).where(and(eq(experiments.orgId, scope.orgId), eq(experiments.id, id)));
  return true;
}

/** Stored analyses of an experiment, newest first. */
export async function listAnalyses(scope: OrgScope, experimentId: string) {
  return scope.db.select().from(experimentResults).where(and(eq(experimentResults.orgId, scope.orgId), eq(experimentResults.experimentId, experimentId)))
    .orderBy(desc(experimentResults.createdAt), desc(experimentResults.id));
}

/** Many experiments' stored analyses (newest first, per experiment in the order given) in one statement. */
export async function listAnalysesOf(scope: OrgScope, experimentIds: readonly string[]): Promise<ExperimentResultRow[][]> {
  const rows = await scope.db.select().from(experimentResults)
    .where(and(eq(experimentResults.orgId, scope.orgId), inArray(experimentResults.experimentId, [...experimentIds])))
    .orderBy(desc(experimentResults.createdAt), desc(experimentResults.id));
  return experimentIds.map((id) => rows.filter((r) => r.experimentId === id));
}

/** The same page of many experiments' stored analyses, newest first, in one statement. */
export const pageAnalysesOf = (scope: OrgScope, experimentIds: readonly string[], page: PageArgs, totalCount: (experimentId: string) => Promise<number>) =>
  newestFirstPagesByParent<ExperimentResultRow>(scope.db, experimentResults, { ...experimentResults, parent: experimentResults.experimentId },
    eq(experimentResults.orgId, scope.orgId), experimentIds, page, totalCount);

/** How many analyses each experiment has stored, in one statement. */
export const countAnalysesOf = (scope: OrgScope, experimentIds: readonly string[]) =>
  countByParent(scope.db, experimentResults, experimentResults.experimentId, eq(experimentResults.orgId, scope.orgId), experimentIds);

/** Observations of one kind and metric. */
export async function observationsOf(scope: OrgScope, experimentId: string, metric: string, kind: "aggregate" | "unit" | "geo") {
  return scope.db.select().from(experimentObservations).where(and(eq(experimentObservations.orgId, scope.orgId),
    eq(experimentObservations.experimentId, experimentId), eq(experimentObservations.metric, metric), eq(experimentObservations.kind, kind)));
}
