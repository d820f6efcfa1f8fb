import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { EntityLevel } from "./entity.type.js";

@InputType({ description: "Narrow the ad dimension." })
export class EntityFilter {
  @Field(() => [String], { nullable: true })
  platforms?: string[];

  @Field(() => [EntityLevel], { nullable: true })
  levels?: EntityLevel[];

  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string;

  @Field(() => String, { nullable: true })
  parentExternalId?: string;

  @Field(() => [ID], { nullable: true })
  ids?: string[];
}

@ArgsType()
export class EntitiesArgs {
  @Field(() => EntityFilter, { nullable: true })
  filter?: EntityFilter;

  @Field(() => Int, { defaultValue: 50 })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string;
}
