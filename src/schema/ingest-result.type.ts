import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Why one input row was not stored." })
export class RowError {
  @Field(() => Int, { description: "Position of the row in the input list (0-based)." })
  index!: number;

  @Field(() => String, { nullable: true })
  field?: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType()
export class IngestResult {
  @Field(() => Int)
  received!: number;

  @Field(() => Int, { description: "Rows inserted or updated." })
  written!: number;

  @Field(() => [RowError])
  rejected!: RowError[];
}
