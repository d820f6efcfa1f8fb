import { registerEnumType } from "type-graphql";
import { enumOf } from "./metrics-enums.js";
import { SYNC_PHASES } from "../sync/progress.js";

export enum SyncRunStatus { queued = "queued", running = "running", succeeded = "succeeded", failed = "failed", cancelled = "cancelled" }
registerEnumType(SyncRunStatus, { name: "SyncRunStatus" });

export enum SyncTrigger { manual = "manual", schedule = "schedule", cli = "cli", api = "api", resume = "resume" }
registerEnumType(SyncTrigger, { name: "SyncTrigger", description: "What started a sync run." });

export const SyncPhase = enumOf(SYNC_PHASES);
registerEnumType(SyncPhase, { name: "SyncPhase", description: "Phases of a run, in the order they happen (reading and loading alternate per chunk)." });

export enum ConnectionStatus { active = "active", paused = "paused", needs_reauth = "needs_reauth" }
registerEnumType(ConnectionStatus, { name: "ConnectionStatus", description: "needs_reauth: the platform refused the credentials; update them to resume." });

export enum ConnectionStatusInput { active = "active", paused = "paused" }
registerEnumType(ConnectionStatusInput, { name: "ConnectionStatusInput", description: "What a caller may set a connection to." });

export enum ImportBatchStatus { running = "running", loaded = "loaded", failed = "failed" }
registerEnumType(ImportBatchStatus, { name: "ImportBatchStatus" });

export enum QualitySeverity { error = "error", warning = "warning" }
registerEnumType(QualitySeverity, { name: "QualitySeverity", description: "Errors weigh twice as much as warnings in the score." });

export enum FactKind { media = "media", outcome = "outcome" }
registerEnumType(FactKind, { name: "FactKind", description: "media (platform-reported) or outcome (the business's own totals)." });
