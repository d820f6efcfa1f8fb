import { Node } from "./node.js";
import { Field, ID, ObjectType } from "type-graphql";
import { connectionOf } from "./connection-of.js";
import { SafeIntScalar } from "./scalars.js";
import { SyncRunStatus, SyncTrigger } from "./status-enums.js";
import type { RejectSummary } from "../sync/progress.js";
import { SyncProgress } from "./sync-progress.type.js";

@ObjectType({ description: "How many records were rejected for one reason." })
export class RejectCount {
  @Field(() => String, { description: "The reason (prefixed by the field when there is one)." })
  reason!: string;

  @Field(() => SafeIntScalar)
  count!: number;
}

@ObjectType({ description: "One rejected record." })
export class RejectSample {
  @Field(() => String)
  stream!: string;

  @Field(() => String, { nullable: true, description: "The record's key, when it has one." })
  key?: string;

  @Field(() => String, { nullable: true })
  field?: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: "Records a sync run rejected: counts per reason and the first samples." })
export class SyncRejects {
  @Field(() => [RejectCount], { description: "Largest first." })
  counts!: RejectCount[];

  @Field(() => [RejectSample])
  samples!: RejectSample[];
}

/** The stored summary as SyncRejects. */
export const toSyncRejects = (r: RejectSummary | null | undefined): SyncRejects | null =>
  r ? { counts: Object.entries(r.counts).map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)), samples: r.samples } : null;

@ObjectType({ implements: Node, description: "One sync of a connection." })
export class SyncRun {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  connectionId!: string;

  @Field(() => SyncRunStatus)
  status!: string;

  @Field(() => SyncTrigger)
  trigger!: string;

  @Field(() => [String], { nullable: true })
  streams!: string[] | null;

  @Field(() => String, { nullable: true, description: "Requested backfill start (null: incremental)." })
  windowStart!: string | null;

  @Field(() => String, { nullable: true })
  windowEnd!: string | null;

  @Field(() => SafeIntScalar)
  recordsRead!: number;

  @Field(() => SafeIntScalar)
  recordsWritten!: number;

  @Field(() => SafeIntScalar)
  recordsRejected!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => SyncProgress, { nullable: true, description: "The last progress event." })
  progress!: SyncProgress | null;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;
}

export const SyncRunConnection = connectionOf(SyncRun, "SyncRun");
