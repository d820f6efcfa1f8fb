import { and, desc, eq } from "drizzle-orm";
import { compute } from "../../compute/pool.js";
import type { OrgScope } from "../../db/scope.js";
import { newestFirstPage, type PageArgs } from "../../db/newest-first-page.js";
import { causalAnalyses, type CausalAnalysisRow } from "../../db/tables/index.js";
import { badInput, notFound } from "../../errors.js";
import type { CausalMethod, CausalMethodOptions } from "./causal-methods.js";
import { loadCausalTable, type CausalSource } from "./causal-table.js";
import { isUuid } from "../../db/node-lookup.js";

export type { CausalMethod, CausalOutcome } from "./causal-methods.js";

/** An analysis to run: a name, the method with its options, and exactly one data source. */
export interface CausalAnalysisInput extends CausalSource, CausalMethodOptions {
  name: string;
}

/** Run one observational analysis on the given data (in the compute pool), check it, and store it; aborting `signal` stops the computation. */
export async function runCausalAnalysis(scope: OrgScope, input: CausalAnalysisInput, signal?: AbortSignal): Promise<CausalAnalysisRow> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw badInput("name must be 1–200 characters.");
  const alpha = input.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw badInput("alpha must be between 0 and 0.5.");
  const seed = input.seed ?? 1;
  const table = await loadCausalTable(scope, input);
  const options: CausalMethodOptions = { method: input.method, alpha, seed, iv: input.iv, rdd: input.rdd, matching: input.matching, prePost: input.prePost };
  const outcome = await compute("causalMethod", [table, options], { signal });
  const inputs = { source: table.source, dataset: input.dataset ?? null, touchpoints: input.touchpoints ?? null, alpha, seed, options: input.iv ?? input.rdd ?? input.matching ?? input.prePost };
  const [row] = await scope.db.insert(causalAnalyses).values({ orgId: scope.orgId, name, method: input.method, observations: outcome.observations, inputs, result: outcome as unknown as Record<string, unknown> }).returning();
  return row!;
}

export async function getCausalAnalysis(scope: OrgScope, id: string): Promise<CausalAnalysisRow> {
  if (!isUuid(id)) throw notFound("Causal analysis", id);
  const [row] = await scope.db.select().from(causalAnalyses).where(and(eq(causalAnalyses.orgId, scope.orgId), eq(causalAnalyses.id, id)));
  if (!row) throw notFound("Causal analysis", id);
  return row;
}

export async function deleteCausalAnalysis(scope: OrgScope, id: string): Promise<boolean> {
  await getCausalAnalysis(scope, id);
  await scope.db.delete(causalAnalyses).where(and(eq(causalAnalyses.orgId, scope.orgId), eq(causalAnalyses.id, id)));
  return true;
}

/** This org's analyses (of one method, if given), newest first, one page at a time. */
export const pageCausalAnalyses = (scope: OrgScope, method: CausalMethod | null | undefined, page: PageArgs) =>
  newestFirstPage<CausalAnalysisRow>(scope.db, causalAnalyses, causalAnalyses,
    method ? and(eq(causalAnalyses.orgId, scope.orgId), eq(causalAnalyses.method, method)) : eq(causalAnalyses.orgId, scope.orgId), page);
