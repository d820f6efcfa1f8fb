import { Field, Int, ObjectType } from "type-graphql";
import { GraphQLJSON } from "graphql-scalars";
import { DateScalar } from "./scalars.js";
import { DateRange } from "./date-range.input.js";

@ObjectType({ description: "A column of the flat result." })
export class MetricsColumn {
  @Field(() => String, { description: "The key in each row (spend, campaign, spendCompared, breakdown.age …)." })
  name!: string;

  @Field(() => String, { description: "dimension | date | period | measure | compared | change | relativeChange" })
  role!: string;

  @Field(() => String, { description: "string | number | boolean | money (decimal string) | date" })
  type!: string;
}

@ObjectType()
export class MetricsPageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: "Facts left out of every measure for want of an exchange rate." })
export class MissingRate {
  @Field(() => String)
  currency!: string;

  @Field(() => Int)
  days!: number;

  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => String, { description: "Native-currency spend left out." })
  spend!: string;

  @Field(() => String)
  revenue!: string;
}

@ObjectType({ description: "A flat table: one row per combination of dimensions (and grain bucket), columns named after the request." })
export class MetricsResult {
  @Field(() => [MetricsColumn])
  columns!: MetricsColumn[];

  @Field(() => [GraphQLJSON], { description: "Objects keyed by column name." })
  rows!: Record<string, unknown>[];

  @Field(() => GraphQLJSON, { description: "Measures over all rows of all pages (after HAVING)." })
  totals!: Record<string, unknown>;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => MetricsPageInfo)
  pageInfo!: MetricsPageInfo;

  @Field(() => String, { nullable: true, description: "Currency of money columns; null when conversion was off." })
  currency!: string | null;

  @Field(() => [MissingRate])
  missingRates!: MissingRate[];

  @Field(() => DateRange, { nullable: true })
  compareRange!: DateRange | null;
}
