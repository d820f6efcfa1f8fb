import { ArgsType, Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { DateScalar } from "./scalars.js";

export enum FactOrder {
  DATE_ASC = "DATE_ASC",
  DATE_DESC = "DATE_DESC",
}
registerEnumType(FactOrder, { name: "FactOrder", description: "Facts are ordered by date, then by id." });

@InputType({ description: "Narrow facts; every list is OR within itself and AND across fields." })
export class FactFilter {
  @Field(() => DateScalar, { nullable: true, description: "First day, inclusive." })
  from?: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day, inclusive." })
  to?: string;

  @Field(() => [String], { nullable: true })
  platforms?: string[];

  @Field(() => [ID], { nullable: true, description: "Connection ids (or ingest sources)." })
  connectionIds?: string[];

  @Field(() => [String], { nullable: true })
  streams?: string[];

  @Field(() => [String], { nullable: true })
  accountIds?: string[];

  @Field(() => [String], { nullable: true })
  campaignIds?: string[];

  @Field(() => [String], { nullable: true })
  adGroupIds?: string[];

  @Field(() => [String], { nullable: true })
  adIds?: string[];
}

@ArgsType()
export class FactsArgs {
  @Field(() => FactFilter, { nullable: true })
  filter?: FactFilter;

  @Field(() => Int, { defaultValue: 100, description: "Page size, at most 1000." })
  first!: number;

  @Field(() => String, { nullable: true, description: "A cursor: the page after it (forward paging with first)." })
  after?: string;

  @Field(() => Int, { nullable: true, description: "Page size backwards, at most 1000: the last facts before `before` (or of all matches). Wins over first." })
  last?: number;

  @Field(() => String, { nullable: true, description: "A cursor: the page before it (backward paging with last)." })
  before?: string;

  @Field(() => FactOrder, { defaultValue: FactOrder.DATE_ASC })
  orderBy!: FactOrder;
}
