import { SyncPhase, SyncRunStatus } from "./status-enums.js";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { SafeIntScalar } from "./scalars.js";

@ObjectType({ description: "A rate-limit wait the platform imposed." })
export class RateLimitWait {
  @Field(() => String)
  reason!: string;

  @Field(() => Int)
  waitMs!: number;
}

@ObjectType({ description: "One progress event of a sync run." })
export class SyncProgress {
  @Field(() => ID)
  runId!: string;

  @Field(() => ID)
  connectionId!: string;

  @Field(() => Int, { description: "Increases with every event of a run (by one per event the run publishes). A subscriber whose socket falls behind is sent only the latest progress snapshot, so it can see gaps, never a decrease; the run's end, errors and rate-limit waits are always sent." })
  seq!: number;

  @Field(() => SyncPhase)
  phase!: string;

  @Field(() => SyncRunStatus)
  status!: string;

  @Field(() => String, { nullable: true })
  stream!: string | null;

  @Field(() => Int, { nullable: true, description: "Window being read (1-based) …" })
  windowIndex!: number | null;

  @Field(() => Int, { nullable: true, description: "… of this many planned." })
  windowCount!: number | null;

  @Field(() => String, { nullable: true })
  windowStart!: string | null;

  @Field(() => String, { nullable: true })
  windowEnd!: string | null;

  @Field(() => Int)
  pages!: number;

  @Field(() => SafeIntScalar)
  recordsRead!: number;

  @Field(() => SafeIntScalar, { description: "Facts written." })
  recordsWritten!: number;

  @Field(() => SafeIntScalar)
  entitiesWritten!: number;

  @Field(() => SafeIntScalar)
  recordsRejected!: number;

  @Field(() => RateLimitWait, { nullable: true, description: "Set on the event that reports a wait." })
  rateLimit!: RateLimitWait | null;

  @Field(() => Float)
  percent!: number;

  @Field(() => Int, { nullable: true })
  etaSeconds!: number | null;

  @Field(() => [String])
  warnings!: string[];

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => String, { nullable: true })
  errorCode!: string | null;

  @Field(() => String, { description: "ISO timestamp." })
  at!: string;
}
