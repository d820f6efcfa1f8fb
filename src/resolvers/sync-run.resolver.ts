import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, type SubscriptionHandlerData } from "type-graphql";
import { toConnection } from "../schema/connection-of.js";
import { IngestRecordsInput, PreviewTransformInput, StartSyncInput, SyncProgressArgs, SyncRunsArgs } from "../schema/sync.input.js";
import { IngestRecordsResult, RetransformResult, TransformPreview } from "../schema/ingest-records.type.js";
import { SyncProgress } from "../schema/sync-progress.type.js";
import { SyncRejects, SyncRun, SyncRunConnection, toSyncRejects } from "../schema/sync-run.type.js";
import { QualityReport, toQualityReport } from "../schema/quality.type.js";
import type { QualityReport as QualityReportShape } from "../analytics/quality/quality.types.js";
import type { RejectSummary } from "../sync/progress.js";
import { breakdownList } from "../schema/metrics-row.type.js";
import type { Context } from "../server/context.js";
import { connectionDepsOf } from "../sync/app-deps.js";
import { ingestRecords, previewTransform, retransform } from "../sync/ingest.js";
import type { SyncProgressEvent } from "../sync/progress.js";
import { getSyncRun, syncEngineOf } from "../sync/sync-engine.js";
import { pageSyncRuns } from "../sync/sync-runs.js";

@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Query(() => SyncRunConnection, { description: "Sync history, newest first." })
  async syncRuns(@Args(() => SyncRunsArgs) args: SyncRunsArgs, @Ctx() ctx: Context) {
    return toConnection(await pageSyncRuns(ctx.scope, args, args));
  }

  @Query(() => SyncRun)
  syncRun(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return getSyncRun(ctx.scope, id);
  }

  @FieldResolver(() => SyncRejects, { nullable: true, description: "Rejected records: counts per reason (largest first) and the first samples." })
  rejects(@Root() run: { rejects: unknown }): SyncRejects | null {
    return toSyncRejects(run.rejects as RejectSummary | null);
  }

  @FieldResolver(() => QualityReport, { nullable: true, description: "Data quality report of the facts this run loaded (rules, counts, examples, score)." })
  qualityReport(@Root() run: { qualityReport: unknown }): QualityReport | null {
    return run.qualityReport ? toQualityReport(run.qualityReport as QualityReportShape) : null;
  }

  @Authorized("editor")
  @Mutation(() => SyncRun, { description: "Start a sync now; follow it with the syncProgress subscription." })
  async startSync(@Arg("input", () => StartSyncInput) input: StartSyncInput, @Ctx() ctx: Context) {
    return (await syncEngineOf(ctx.app)).start(ctx.scope, { ...input, trigger: "api" });
  }

  @Authorized("editor")
  @Mutation(() => SyncRun, { description: "Cancel a queued or running sync; what it committed stays." })
  async cancelSync(@Arg("runId", () => ID) runId: string, @Ctx() ctx: Context) {
    return (await syncEngineOf(ctx.app)).cancel(ctx.scope, runId);
  }

  @Authorized("editor")
  @Mutation(() => IngestRecordsResult, { description: "Push raw platform records through the connector's normalizer, the quality rules and the load path." })
  async ingestRecords(@Arg("input", () => IngestRecordsInput) input: IngestRecordsInput, @Ctx() ctx: Context) {
    return ingestRecords(ctx.scope, await connectionDepsOf(ctx.app), input, ctx.app.config.ingestMaxRows);
  }

  @Query(() => TransformPreview, { description: "What raw records would become, with nothing stored." })
  async previewTransform(@Arg("input", () => PreviewTransformInput) input: PreviewTransformInput, @Ctx() ctx: Context) {
    const p = await previewTransform((await connectionDepsOf(ctx.app)).registry, input, ctx.app.config.ingestMaxRows);
    return { ...p, facts: p.facts.map((f) => ({ ...f, breakdowns: breakdownList(f.breakdowns) })) };
  }

  @Authorized("editor")
  @Mutation(() => RetransformResult, { description: "Re-derive a connection's facts from its landed raw records, without calling the platform." })
  async retransform(@Arg("connectionId", () => ID) connectionId: string, @Ctx() ctx: Context) {
    return retransform(ctx.scope, await connectionDepsOf(ctx.app), connectionId);
  }

  @Subscription(() => SyncProgress, {
    topics: "SYNC_PROGRESS",
    description: "Progress events of this organization's sync runs, filtered by run or connection.",
    filter: ({ payload, args, context }: SubscriptionHandlerData<SyncProgressEvent, SyncProgressArgs, Context>) =>
      payload.orgId === context.auth.orgId && (!args.runId || payload.runId === args.runId) && (!args.connectionId || payload.connectionId === args.connectionId),
  })
  syncProgress(@Root() event: SyncProgressEvent, @Args(() => SyncProgressArgs) _args: SyncProgressArgs): SyncProgress {
    return event;
  }
}
