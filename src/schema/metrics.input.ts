import { Field, Float, InputType, Int } from "type-graphql";
import type { Dimension, Grain, Measure } from "../analytics/metrics/query.js";
import { DateRangeInput } from "./date-range.input.js";
import { CompareType, DimensionOperator, MeasureOperator, MetricDimension, MetricGrain, MetricMeasure, SortDirection } from "./metrics-enums.js";

@InputType({ description: "A condition on a dimension, applied before aggregation." })
export class DimensionFilterInput {
  @Field(() => MetricDimension)
  dimension!: Dimension;

  @Field(() => DimensionOperator)
  operator!: DimensionOperator;

  @Field(() => [String])
  values!: string[];

  @Field(() => String, { nullable: true, description: "For dimension breakdown: which breakdown field." })
  breakdownField?: string;
}

@InputType({ description: "A condition on a measure, applied after aggregation (HAVING)." })
export class MeasureFilterInput {
  @Field(() => MetricMeasure)
  measure!: Measure;

  @Field(() => MeasureOperator)
  operator!: MeasureOperator;

  @Field(() => Float)
  value!: number;
}

@InputType()
export class CompareToInput {
  @Field(() => CompareType)
  type!: CompareType;

  @Field(() => DateRangeInput, { nullable: true, description: "Required for type custom." })
  range?: DateRangeInput;
}

@InputType()
export class MetricOrderInput {
  @Field(() => String, { description: "A measure, one of the query's dimensions, or \"date\"." })
  field!: string;

  @Field(() => SortDirection, { defaultValue: SortDirection.asc })
  direction!: SortDirection;
}

@InputType({ description: "What to aggregate: measures by dimensions and grain over a date range." })
export class MetricsQueryInput {
  @Field(() => [MetricMeasure])
  measures!: Measure[];

  @Field(() => [MetricDimension], { nullable: true })
  dimensions?: Dimension[];

  @Field(() => MetricGrain, { nullable: true, description: "Omit for totals over the whole range." })
  grain?: Grain;

  @Field(() => DateRangeInput)
  dateRange!: DateRangeInput;

  @Field(() => [DimensionFilterInput], { nullable: true })
  filters?: DimensionFilterInput[];

  @Field(() => [MeasureFilterInput], { nullable: true })
  having?: MeasureFilterInput[];

  @Field(() => CompareToInput, { nullable: true })
  compareTo?: CompareToInput;

  @Field(() => [MetricOrderInput], { nullable: true })
  orderBy?: MetricOrderInput[];

  @Field(() => Int, { nullable: true, description: "Rows per page (default 1000, at most 10000; the CSV export has no limit)." })
  limit?: number;

  @Field(() => String, { nullable: true, description: "endCursor of the previous page." })
  after?: string;

  @Field(() => [String], { nullable: true, description: "Breakdown fields (e.g. age, gender): selects that breakdown set." })
  breakdownFields?: string[];

  @Field(() => Boolean, { nullable: true, description: "Convert money to the org's reporting currency (default true)." })
  convertCurrency?: boolean;
}
