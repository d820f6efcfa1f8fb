import { Field, ID, ObjectType } from "type-graphql";
import { PageInfo } from "./relay.js";
import { JSONScalar, SafeIntScalar } from "./scalars.js";
import { SyncProgress } from "./sync-progress.type.js";

@ObjectType({ description: "One sync of a connection." })
export class SyncRun {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  connectionId!: string;

  @Field(() => String, { description: "queued, running, succeeded, failed, cancelled." })
  status!: string;

  @Field(() => String, { description: "manual, schedule, cli, api or resume." })
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

  @Field(() => JSONScalar, { nullable: true, description: "Rejected records: { counts: {reason: n}, samples: [...] }." })
  rejects!: unknown;

  @Field(() => JSONScalar, { nullable: true, description: "Data quality report of the facts this run loaded (rules, counts, examples, score)." })
  qualityReport!: unknown;

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

@ObjectType()
export class SyncRunEdge {
  @Field(() => SyncRun)
  node!: SyncRun;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class SyncRunConnection {
  @Field(() => [SyncRunEdge])
  edges!: SyncRunEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
