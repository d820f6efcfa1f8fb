import { Field, Int, ObjectType } from "type-graphql";
import { DateScalar } from "./scalars.js";
import { DateRange } from "./date-range.input.js";
import { MetricsRow, MetricsTotals } from "./metrics-row.type.js";
import { ColumnRole, ColumnType } from "./metrics-enums.js";
import type { ResultColumn } from "../analytics/metrics/plan.js";

@ObjectType({ description: "A column of the flat result." })
export class MetricsColumn implements ResultColumn {
  @Field(() => String, { description: "The key in each row (spend, campaign, spendCompared, breakdown.age …)." })
  name!: string;

  @Field(() => ColumnRole)
  role!: ResultColumn["role"];

  @Field(() => ColumnType, { description: "How the value travels: money and decimal as exact decimal strings, number as a JSON number." })
  type!: ResultColumn["type"];
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

  @Field(() => [MetricsRow], { description: "Flat typed rows: select the fields you asked for (e.g. rows { date platform spend roas })." })
  rows!: MetricsRow[];

  @Field(() => MetricsTotals, { description: "Measures over all rows of all pages (after HAVING)." })
  totals!: MetricsTotals;

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
