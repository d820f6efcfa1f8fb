import { and, eq, inArray } from "drizzle-orm";
import type { OrgScope } from "../db/scope.js";
import { attributionModels, type ExperimentRow } from "../db/tables/index.js";
import type { EventBus } from "../events.js";
import type { Logger } from "../logger.js";
import { analyzeExperiment } from "../analytics/experiments/experiment-analysis.js";
import { uploadExperimentData } from "../analytics/experiments/experiment-data.js";
import { createExperiment, listExperiments } from "../analytics/experiments/experiment-service.js";
import { getAttributionModel, trainAttributionModel } from "../analytics/attribution/model-service.js";
import { memoryFor } from "../analytics/search/memory.js";
import { rememberExperimentAnalysis, rememberModel } from "../analytics/search/remember-results.js";
import type { App } from "../app.js";
import { addDays } from "../dates.js";
import { REGIONS, type GeoTestOptions, type GeoTestTruth, type World } from "../plugins/sandbox/world.js";

/** Name of the MMM the demo trains once its syncs end. */
export const DEMO_MODEL_NAME = "Sandbox MMM, calibrated by the geo holdouts";
const TEST_DAYS = 28;
const regionName = (code: string) => REGIONS.find((r) => r.code === code)?.name ?? code;
const LABEL: Record<string, string> = { meta: "Meta", google_ads: "Google Ads", tiktok: "TikTok" };

/**
 * The demo advertiser's measurement plan: one four-week go-dark holdout per paid channel, in three
 * states each (mid-sized states, so the other twelve can build a synthetic control), staggered so no
 * region is treated twice and each test has at least 130 days of pre-period. Needs 300 days of history.
 */
export function demoGeoTests(start: string, days: number): GeoTestOptions[] {
  if (days < 300) return [];
  const plan: [GeoTestOptions["channel"], string[], number][] = [
    ["tiktok", ["US-OH", "US-MI", "US-AZ"], 130],
    ["google_ads", ["US-PA", "US-VA", "US-MA"], 195],
    ["meta", ["US-GA", "US-NC", "US-WA"], 260],
  ];
  return plan.map(([channel, regions, offset]) => ({ channel, regions, start: addDays(start, offset), end: addDays(start, offset + TEST_DAYS - 1), spendMultiplier: 0 }));
}

/**
 * First start: record the world's geo tests as experiments, load each one's geo × day panel from the
 * store's revenue by state (outcome facts broken down by region) and analyse it with synthetic control.
 * Experiments that already exist (by name) are left alone, so a restart never duplicates them.
 */
export async function seedDemoExperiments(scope: OrgScope, world: World, tests: readonly GeoTestTruth[], app?: Pick<App, "config" | "logger">): Promise<ExperimentRow[]> {
  const existing = new Map((await listExperiments(scope)).map((e) => [e.name, e]));
  const out: ExperimentRow[] = [];
  for (const t of tests) {
    const name = `${LABEL[t.channel]} geo holdout ${t.start}`;
    const found = existing.get(name);
    if (found) { out.push(found); continue; }
    const exp = await createExperiment(scope, {
      name, type: "geo", status: "completed", startDate: t.start, endDate: t.end, randomizationUnit: "region",
      hypothesis: `${LABEL[t.channel]} drives incremental revenue: going dark in ${t.regions.map(regionName).join(", ")} for ${TEST_DAYS} days lowers their revenue.`,
      treatedGeos: t.regions, treatment: { channel: t.channel, spendChange: Math.round(t.spendChangeUsd * 100) / 100, spendMultiplier: t.spendMultiplier },
      primaryMetric: "revenue",
    });
    await uploadExperimentData(scope, exp.id, { metric: "revenue", fromFacts: { from: world.start, to: t.end, geoField: "region", measure: "revenue", kind: "outcome" } });
    const analysis = await analyzeExperiment(scope, exp.id, { geoMethod: "synthetic_control" });
    // Searchable like any analysis made over GraphQL.
    if (app) await rememberExperimentAnalysis(scope, memoryFor(app), exp, analysis as never)
      .catch((err: Error) => app.logger.warn({ err: err.message, experimentId: exp.id }, "demo: could not index the experiment for search"));
    out.push(exp);
  }
  return out;
}

/**
 * Train the demo's MMM over the whole world, calibrated by the experiments, unless a model of that name is
 * already ready or training. A model left "training" by a stopped server is marked failed first.
 */
export async function trainDemoModel(scope: OrgScope, events: EventBus, world: World, experiments: ExperimentRow[], opts: { signal?: AbortSignal; logger?: Pick<Logger, "error">; app?: Pick<App, "config" | "logger"> } = {}): Promise<string | null> {
  const mine = and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.name, DEMO_MODEL_NAME));
  await scope.db.update(attributionModels).set({ status: "failed", error: "The server stopped while this model was training; train it again." })
    .where(and(mine, inArray(attributionModels.status, ["queued", "training"])));
  const [ready] = await scope.db.select({ id: attributionModels.id }).from(attributionModels).where(and(mine, eq(attributionModels.status, "ready")));
  if (ready) return ready.id;
  const run = await trainAttributionModel(scope, events, {
    name: DEMO_MODEL_NAME, type: "mmm", from: world.start, to: world.end, outcome: "revenue",
    calibrationExperimentIds: experiments.map((e) => e.id), mmm: { bootstrap: 100 },
  }, opts.logger, opts.signal);
  await run.done;
  const trained = await getAttributionModel(scope, run.model.id);
  const app = opts.app;
  if (app && trained.status === "ready") await rememberModel(scope, memoryFor(app), trained)
    .catch((err: Error) => app.logger.warn({ err: err.message, modelId: trained.id }, "demo: could not index the model for search"));
  return run.model.id;
}
