import { Field, Int, ObjectType } from "type-graphql";
import { RowError } from "./ingest-result.type.js";
import { JSONScalar } from "./scalars.js";

@ObjectType({ description: "What ingestRecords stored and rejected." })
export class IngestRecordsResult {
  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  factsWritten!: number;

  @Field(() => Int)
  entitiesWritten!: number;

  @Field(() => Int, { description: "Records rejected (each with its reasons in rejects)." })
  rejected!: number;

  @Field(() => [RowError])
  rejects!: RowError[];
}

@ObjectType({ description: "What records would become, with nothing stored." })
export class TransformPreview {
  @Field(() => [JSONScalar], { description: "Unified fact rows." })
  facts!: unknown[];

  @Field(() => [JSONScalar])
  entities!: unknown[];

  @Field(() => [RowError])
  rejects!: RowError[];
}

@ObjectType()
export class RetransformResult {
  @Field(() => Int)
  recordsRead!: number;

  @Field(() => Int)
  factsWritten!: number;

  @Field(() => Int)
  entitiesWritten!: number;

  @Field(() => Int)
  rejected!: number;
}
