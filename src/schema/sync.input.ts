import { PageArgs } from "./page.args.js";
import { SyncRunStatus } from "./status-enums.js";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { DateScalar, JSONScalar } from "./scalars.js";

@InputType({ description: "A backfill range; either end may be left out (start: from saved state, end: today)." })
export class SyncRangeInput {
  @Field(() => DateScalar, { nullable: true })
  start?: string;

  @Field(() => DateScalar, { nullable: true })
  end?: string;
}

@InputType()
export class StartSyncInput {
  @Field(() => ID)
  connectionId!: string;

  @Field(() => SyncRangeInput, { nullable: true, description: "Omit for an incremental sync from saved state." })
  range?: SyncRangeInput;

  @Field(() => [String], { nullable: true, description: "Streams to read; all when omitted." })
  streams?: string[];
}

@ArgsType()
export class SyncRunsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  connectionId?: string;

  @Field(() => SyncRunStatus, { nullable: true })
  status?: SyncRunStatus;

}

@ArgsType()
export class SyncProgressArgs {
  @Field(() => ID, { nullable: true, description: "Events of this run." })
  runId?: string;

  @Field(() => ID, { nullable: true, description: "Events of every run of this connection." })
  connectionId?: string;
}

@InputType()
export class IngestRecordsInput {
  @Field(() => ID)
  connectionId!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => [JSONScalar], { description: "Raw records exactly as the platform returns them." })
  records!: unknown[];
}

@InputType()
export class PreviewTransformInput {
  @Field(() => ID)
  pluginId!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => [JSONScalar])
  records!: unknown[];

  @Field(() => JSONScalar, { nullable: true, description: "Non-secret config overriding the connector's sample config." })
  config?: Record<string, unknown>;
}
