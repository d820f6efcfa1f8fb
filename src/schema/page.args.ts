import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: "Items per page, 1 to 200." })
  first!: number;

  @Field(() => String, { nullable: true, description: "endCursor of the previous page." })
  after?: string;

  @Field(() => Int, { nullable: true, description: "Items per page backwards, 1 to 200: the last items before `before` (or the oldest ones). Wins over first." })
  last?: number;

  @Field(() => String, { nullable: true, description: "startCursor of the next page: the page before it (with last)." })
  before?: string;
}
