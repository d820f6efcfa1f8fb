import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { attributionModels, attributionResults, type AttributionModelRow } from "../../db/tables/index.js";
import { AppError, badInput, conflict, notFound } from "../../errors.js";
import { newestFirstPage, type PageArgs } from "../../db/newest-first-page.js";
import type { EventBus } from "../../events.js";
import type { Logger } from "../../logger.js";
import type { JobQueue } from "../../jobs/job-queue.js";
import type { MtaOptions } from "./mta/attribute.js";
import { MTA_MODELS, type MtaModel } from "./mta/types.js";
import { compute } from "../../compute/pool.js";
import type { MmmCalibration, MmmConfig, MmmModel } from "./mmm/types.js";
import { loadMmmData } from "./mmm-data.js";
import { loadJourneys } from "./touchpoint-service.js";
import { isUuid } from "../../db/node-lookup.js";

/** What to train. */
export interface TrainInput {
  /** Display name. */
  name: string;
  /** "mmm" or "mta". */
  type: "mmm" | "mta";
  /** Data window (inclusive); MMM needs it, MTA defaults to every touchpoint. */
  from?: string | null;
  /** Last day. */
  to?: string | null;
  /** MMM: outcome measure from the business's own outcome facts (default revenue). */
  outcome?: "revenue" | "conversions" | null;
  /** MMM: fit options. */
  mmm?: MmmConfig | null;
  /** MMM: lifts measured by experiments, given directly. */
  calibration?: MmmCalibration[] | null;
  /** MMM: experiments whose latest analysis calibrates the channel named in their treatment. */
  calibrationExperimentIds?: string[] | null;
  /** MTA: methods to run (default all). */
  methods?: MtaModel[] | null;
  /** MTA options. */
  mta?: MtaOptions | null;
}

/**
 * Progress of a training run, as published on TRAINING_PROGRESS. Stages: loading (its data), fitting (the data is
 * loaded and the fit starts in the compute pool), the fit's own (an MMM's search and bootstrap), then done, failed or cancelled.
 */
export interface TrainingProgressEvent { orgId: string; modelId: string; status: string; stage: string; progress: number; error: string | null }

export async function getAttributionModel(scope: OrgScope, id: string): Promise<AttributionModelRow> {
  if (!isUuid(id)) throw notFound("Attribution model", id);
  const [row] = await scope.db.select().from(attributionModels).where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, id)));
  if (!row) throw notFound("Attribution model", id);
  return row;
}

/** This org's models (of one type, if given), newest first, one page at a time. */
export const pageAttributionModels = (scope: OrgScope, filter: { type?: string | null }, page: PageArgs) =>
  newestFirstPage<AttributionModelRow>(scope.db, attributionModels, attributionModels,
    and(eq(attributionModels.orgId, scope.orgId), filter.type ? eq(attributionModels.type, filter.type as "mmm") : undefined), page);

export const listAttributionResults = async (scope: OrgScope, modelId: string, method?: string | null) =>
  (await listAttributionResultsOf(scope, [modelId], method))[0]!;

/** Many models' results (each model's in the order of listAttributionResults) in one statement. */
export async function listAttributionResultsOf(scope: OrgScope, modelIds: readonly string[], method?: string | null) {
  const rows = await scope.db.select().from(attributionResults)
    .where(and(eq(attributionResults.orgId, scope.orgId), inArray(attributionResults.modelId, [...modelIds]), method ? eq(attributionResults.method, method) : undefined))
    .orderBy(asc(attributionResults.method), desc(attributionResults.value), asc(attributionResults.channel));
  return modelIds.map((id) => rows.filter((r) => r.modelId === id));
}

function validate(input: TrainInput) {
  if (!input.name?.trim()) throw badInput("A model needs a name.");
  if (input.type !== "mmm" && input.type !== "mta") throw badInput('type must be "mmm" or "mta".');
  for (const d of [input.from, input.to]) if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw badInput(`Dates are YYYY-MM-DD; got "${d}".`);
  if (input.type === "mmm" && (!input.from || !input.to)) throw badInput("A marketing mix model needs a data window: give from and to.");
  if (input.from && input.to && input.from > input.to) throw badInput(`from ${input.from} is after to ${input.to}.`);
  for (const m of input.methods ?? []) if (!MTA_MODELS.includes(m)) throw badInput(`Unknown MTA method "${m}"; use ${MTA_MODELS.join(", ")}.`);
}

/**
 * Create the model row and train it in the background; progress goes to TRAINING_PROGRESS (and the
 * row's progress). Returns the queued row at once; `done` settles when training ends (tests, CLI).
 * With a job queue (the app always has one) the training is a `train-model` job (`queued`; on
 * PostgreSQL for any worker), and `done` settles at once; without one it trains here.
 */
export async function trainAttributionModel(scope: OrgScope, events: EventBus, input: TrainInput, logger?: Pick<Logger, "error">, signal?: AbortSignal, jobs?: JobQueue): Promise<{ model: AttributionModelRow; done: Promise<void>; queued: boolean }> {
  validate(input);
  const { name, type, ...config } = input;
  const [model] = await scope.db.insert(attributionModels).values({ orgId: scope.orgId, name: name.trim(), type, config: config as Record<string, unknown>, dataFrom: input.from ?? null, dataTo: input.to ?? null }).returning();
  if (jobs) {
    await jobs.add("train-model", { orgId: scope.orgId, modelId: model!.id }, { jobKey: `train-model:${model!.id}`, maxAttempts: 1 });
    return { model: model!, done: Promise.resolve(), queued: true };
  }
  const done = new Promise<void>((resolve) => setImmediate(() => void run(scope, events, model!, input, logger, signal).finally(resolve)));
  return { model: model!, done, queued: false };
}

/** Train a queued model (the `train-model` job); a model no longer queued is left alone. */
export async function trainQueuedModel(scope: OrgScope, events: EventBus, modelId: string, logger?: Pick<Logger, "error">, signal?: AbortSignal): Promise<boolean> {
  const model = await getAttributionModel(scope, modelId);
  if (model.status !== "queued") return false;
  await run(scope, events, model, { ...(model.config as object), name: model.name, type: model.type } as TrainInput, logger, signal);
  return true;
}

/** How often a training checks whether it was cancelled from another process (its row says `cancelled`). */
export const CANCEL_POLL_MS = 1_000;

// Trainings running in this process, by model id: cancelTraining aborts them here at once.
const trainingHere = new Map<string, { controller: AbortController; done: Promise<void> }>();

/**
 * Cancel a queued or training model of this org: the row ends `cancelled` at once (a queued job then
 * skips it); a fit running in this process is aborted, which terminates its compute-pool thread, and
 * one running in another process stops within CANCEL_POLL_MS. CONFLICT when the model already ended.
 */
export async function cancelTraining(scope: OrgScope, events: EventBus, id: string): Promise<AttributionModelRow> {
  const model = await getAttributionModel(scope, id);
  const [cancelled] = await scope.db.update(attributionModels).set({ status: "cancelled", error: null, finishedAt: new Date(), updatedAt: sql`now()` })
    .where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, model.id), inArray(attributionModels.status, ["queued", "training"])))
    .returning({ progress: attributionModels.progress });
  if (!cancelled) throw conflict(`Model ${id} already ended (${(await getAttributionModel(scope, id)).status}); nothing to cancel.`);
  const local = trainingHere.get(model.id);
  local?.controller.abort();
  await local?.done;
  events.publish("TRAINING_PROGRESS", { orgId: scope.orgId, modelId: model.id, status: "cancelled", stage: "cancelled", progress: cancelled.progress ?? 0, error: null } satisfies TrainingProgressEvent);
  return getAttributionModel(scope, model.id);
}

const isCancelled = async (scope: OrgScope, modelId: string) =>
  (await scope.db.select({ status: attributionModels.status }).from(attributionModels).where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, modelId))))[0]?.status === "cancelled";

async function run(scope: OrgScope, events: EventBus, model: AttributionModelRow, input: TrainInput, logger?: Pick<Logger, "error">, shutdown?: AbortSignal) {
  const cancel = new AbortController();
  let finished!: () => void;
  trainingHere.set(model.id, { controller: cancel, done: new Promise<void>((r) => { finished = r; }) });
  // A cancel from another process shows in the row; look for it while the fit runs.
  const poll = setInterval(() => void isCancelled(scope, model.id).then((c) => c && cancel.abort(), () => {}), CANCEL_POLL_MS);
  const signal = shutdown ? AbortSignal.any([shutdown, cancel.signal]) : cancel.signal;
  let lastSaved = -1;
  const emit = async (status: string, stage: string, progress: number, error: string | null = null) => {
    if (cancel.signal.aborted) return;
    events.publish("TRAINING_PROGRESS", { orgId: scope.orgId, modelId: model.id, status, stage, progress, error } satisfies TrainingProgressEvent);
    if (progress - lastSaved >= 0.1 || status !== "training") {
      lastSaved = progress;
      // A cancelled row stays cancelled.
      await scope.db.update(attributionModels).set({ status: status as "training", progress, error, updatedAt: sql`now()`, ...(status === "training" && progress === 0 ? { startedAt: new Date() } : {}), ...(status !== "training" ? { finishedAt: new Date() } : {}) })
        .where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, model.id), ne(attributionModels.status, "cancelled")));
    }
  };
  try {
    await emit("training", "loading", 0);
    // Fitting runs in the compute pool's threads; a stop (signal) terminates the thread, and the
    // model ends failed with a message that says why.
    const progress = (p: number, stage: string) => (signal?.aborted ? undefined : emit("training", stage, Math.min(p, 0.99)));
    if (input.type === "mmm") await trainMmm(scope, model, input, progress, signal);
    else await trainMta(scope, model, input, progress, signal);
    await emit("ready", "done", 1);
  } catch (caught) {
    // cancelTraining wrote the row and tells subscribers (a cancel from another process may not have been polled yet).
    if (cancel.signal.aborted || await isCancelled(scope, model.id).catch(() => false)) return;
    const err = signal.aborted ? new AppError("CONFLICT", "Training was stopped because the server shut down; train the model again.") : caught;
    const message = err instanceof AppError ? err.message : "Training failed unexpectedly; see the server log.";
    if (!(err instanceof AppError)) logger?.error({ err, modelId: model.id }, "attribution model training failed");
    await emit("failed", "failed", lastSaved < 0 ? 0 : lastSaved, message).catch(() => {});
  } finally {
    clearInterval(poll);
    trainingHere.delete(model.id);
    finished();
  }
}

async function trainMmm(scope: OrgScope, model: AttributionModelRow, input: TrainInput, progress: (p: number, stage: string) => Promise<void> | undefined, signal?: AbortSignal) {
  const data = await loadMmmData(scope, { from: input.from!, to: input.to!, outcome: input.outcome ?? "revenue", calibration: input.calibration ?? [], calibrationExperimentIds: input.calibrationExperimentIds ?? [], grain: input.mmm?.grain });
  await progress(0, "fitting");
  const fitted: MmmModel = await compute("fitMmm", [data.input, input.mmm ?? {}], { signal, onProgress: progress });
  const rows = fitted.results.map((r) => ({
    orgId: scope.orgId, modelId: model.id, method: "mmm", channel: r.channel, spend: r.organic ? null : r.spend, value: r.contribution.value, valueLow: r.contribution.low, valueHigh: r.contribution.high,
    share: r.share, roas: r.roas?.value ?? null, roasLow: r.roas?.low ?? null, roasHigh: r.roas?.high ?? null,
    marginalRoas: r.marginalRoas?.value ?? null, marginalRoasLow: r.marginalRoas?.low ?? null, marginalRoasHigh: r.marginalRoas?.high ?? null,
    details: { responseCurve: r.responseCurve, ...(r.organic ? { organic: true, volume: r.volume } : {}) },
  }));
  await save(scope, model, rows, { fitMetrics: { ...fitted.fit, droppedChannels: data.dropped, organicChannels: data.organic }, featureImportance: fitted.featureImportance, state: fitted as unknown as Record<string, unknown>, dataFrom: fitted.window.from, dataTo: fitted.window.to });
}

async function trainMta(scope: OrgScope, model: AttributionModelRow, input: TrainInput, progress: (p: number, stage: string) => Promise<void> | undefined, signal?: AbortSignal) {
  const journeys = await loadJourneys(scope, { from: input.from, to: input.to });
  if (!journeys.some((j) => j.converted)) throw badInput("No converted journeys in the window; ingest touchpoints with conversions first.");
  await progress(0, "fitting");
  const methods = input.methods?.length ? input.methods : [...MTA_MODELS];
  const attributed = await Promise.all(methods.map((method) => compute("attribute", [method, journeys, input.mta ?? {}], { signal })));
  const rows = methods.flatMap((method, i) => {
    const { credit, details } = attributed[i]!;
    const total = Object.values(credit).reduce((s, c) => s + c.value, 0);
    return Object.entries(credit).map(([channel, c]) => ({
      orgId: scope.orgId, modelId: model.id, method, channel, conversions: c.conversions, value: c.value, share: total ? c.value / total : 0,
      details: {
        ...(details.removalEffects ? { removalEffect: (details.removalEffects as Record<string, number>)[channel] } : {}),
        ...(details.errorBound ? { errorBound: (details.errorBound as Record<string, number>)[channel], shapley: details.method, samples: details.samples ?? null } : {}),
      },
    }));
  });
  const converted = journeys.filter((j) => j.converted);
  const times = journeys.flatMap((j) => j.touches.map((t) => t.at)).sort();
  const shares: Record<string, number> = {};
  for (const r of rows.filter((r) => r.method === (methods.includes("markov") ? "markov" : methods[0]))) shares[r.channel] = r.share;
  await save(scope, model, rows, {
    fitMetrics: { journeys: journeys.length, conversions: converted.length, conversionRate: converted.length / journeys.length, value: converted.reduce((s, j) => s + j.value, 0) },
    featureImportance: shares, state: { type: "mta", methods }, dataFrom: times[0]!.slice(0, 10), dataTo: times[times.length - 1]!.slice(0, 10),
  });
}

async function save(scope: OrgScope, model: AttributionModelRow, rows: (typeof attributionResults.$inferInsert)[], fields: Partial<typeof attributionModels.$inferInsert>) {
  await scope.database.transaction(async (tx) => {
    // A model cancelled meanwhile keeps no results (the transaction rolls back).
    const [live] = await tx.db.select({ status: attributionModels.status }).from(attributionModels).where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, model.id))).for("update");
    if (live?.status === "cancelled") throw Object.assign(new Error("The training was cancelled."), { name: "AbortError" });
    await tx.db.delete(attributionResults).where(and(eq(attributionResults.orgId, scope.orgId), eq(attributionResults.modelId, model.id)));
    if (rows.length) await tx.db.insert(attributionResults).values(rows);
    await tx.db.update(attributionModels).set({ ...fields, updatedAt: sql`now()` }).where(and(eq(attributionModels.orgId, scope.orgId), eq(attributionModels.id, model.id)));
  });
}

/** The fitted MMM of a ready model, or a clear error. */
export async function readyMmm(scope: OrgScope, id: string): Promise<MmmModel> {
  const row = await getAttributionModel(scope, id);
  if (row.type !== "mmm") throw badInput("Budget optimisation needs a marketing mix model; this is a multi-touch model.");
  if (row.status !== "ready" || !row.state) throw new AppError("CONFLICT", `Model ${id} is ${row.status}; wait until it is ready (follow trainingProgress).`);
  return row.state as unknown as MmmModel;
}
