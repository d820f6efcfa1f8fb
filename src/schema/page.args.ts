import { ArgsType, Field, Int } from "type-graphql";

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: "Items per page, 1 to 200." })
  first!: number;

  @Field(() => String, { nullable: true, description: "endCursor of the previous page." })
  after?: string;
}
