import type { AbAnalysisResult, GeoAnalysisResult } from "../analytics/experiments/types.js";
import type { RuleResult } from "../analytics/quality/quality.types.js";

/** Events an endpoint can subscribe to (the body's `type`); the README's "Webhooks" section documents each `data`. */
export const WEBHOOK_EVENTS = ["sync.succeeded", "sync.failed", "connection.reauthorization_required", "quality.below_threshold", "experiment.analysed", "model.ready", "model.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `data` of sync.succeeded and sync.failed: a finished sync run. */
export interface SyncRunEventData {
  runId: string;
  connectionId: string;
  status: "succeeded" | "failed";
  recordsRead: number;
  recordsWritten: number;
  recordsRejected: number;
  /** Why the run failed (secrets redacted); null when it succeeded. */
  error: string | null;
  errorCode: string | null;
  finishedAt: string;
}

/** `data` of connection.reauthorization_required: the platform refused the connection's credentials during a sync. */
export interface ReauthorizationEventData {
  connectionId: string;
  connectionName: string;
  /** The connector, e.g. "meta-ads". */
  pluginId: string;
  /** The sync run that was refused. */
  runId: string;
  /** The platform's refusal and what to do (secrets redacted). */
  error: string | null;
  failedAt: string;
}

/** `data` of quality.below_threshold: a sync's data quality report scored below the endpoint's threshold. */
export interface QualityEventData {
  runId: string;
  connectionId: string;
  connectionName: string;
  /** The report's score, 0–1 (weighted mean of rule scores). */
  score: number;
  /** This endpoint's threshold. */
  threshold: number;
  /** Days the report checked. */
  dateRange: { from: string; to: string };
  /** Rules with failures (examples left out: query the run's qualityReport). */
  failedRules: Omit<RuleResult, "examples">[];
}

/** `data` of experiment.analysed: an analysis stored for an experiment. */
export interface ExperimentAnalysedEventData {
  experimentId: string;
  experimentName: string;
  /** ab, geo, holdout or pre_post. */
  experimentType: string;
  analysisId: string;
  metric: string;
  /** welch, cuped, proportions, synthetic_control or did. */
  method: string;
  /** The stored result, as the experiment's `analysis` field returns it. */
  result: AbAnalysisResult | GeoAnalysisResult;
  analysedAt: string;
}

/** `data` of model.ready and model.failed: an attribution model's training ended. */
export interface ModelEventData {
  modelId: string;
  name: string;
  /** mmm or mta. */
  modelType: string;
  status: "ready" | "failed";
  /** Why training failed; null when ready. */
  error: string | null;
  /** The data window the model covers. */
  dataFrom: string | null;
  dataTo: string | null;
  /** Fit metrics of a ready model (MMM: r², MAPE …; MTA: journeys, conversions …). */
  fitMetrics: Record<string, unknown> | null;
}

/** The `data` each event carries. */
export interface WebhookEventData {
  "sync.succeeded": SyncRunEventData;
  "sync.failed": SyncRunEventData;
  "connection.reauthorization_required": ReauthorizationEventData;
  "quality.below_threshold": QualityEventData;
  "experiment.analysed": ExperimentAnalysedEventData;
  "model.ready": ModelEventData;
  "model.failed": ModelEventData;
}

/** The JSON body POSTed to an endpoint. */
export interface WebhookBody<E extends WebhookEvent = WebhookEvent> {
  /** The delivery id (also the Liftgate-Delivery header): drop a body whose id you have seen (delivery is at least once). */
  id: string;
  type: E;
  createdAt: string;
  organization: { id: string; slug: string | undefined };
  data: WebhookEventData[E];
}
