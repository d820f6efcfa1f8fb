import { Field, Float, Int, ObjectType } from "type-graphql";
import type { CompareTo as CompareToShape, Dimension, DimensionFilter as DimensionFilterShape, Grain, Measure, MeasureFilter as MeasureFilterShape, MetricsQuery as MetricsQueryShape, OrderBy } from "../analytics/metrics/query.js";
import { DateRange } from "./date-range.input.js";
import { CompareType, DimensionOperator, MeasureOperator, MetricDimension, MetricGrain, MetricMeasure, SortDirection } from "./metrics-enums.js";

@ObjectType({ description: "A condition on a dimension (as in DimensionFilterInput)." })
export class DimensionFilter implements DimensionFilterShape {
  @Field(() => MetricDimension)
  dimension!: Dimension;

  @Field(() => DimensionOperator)
  operator!: DimensionFilterShape["operator"];

  @Field(() => [String])
  values!: string[];

  @Field(() => String, { nullable: true })
  breakdownField?: string;
}

@ObjectType({ description: "A condition on a measure (as in MeasureFilterInput)." })
export class MeasureFilter implements MeasureFilterShape {
  @Field(() => MetricMeasure)
  measure!: Measure;

  @Field(() => MeasureOperator)
  operator!: MeasureFilterShape["operator"];

  @Field(() => Float)
  value!: number;
}

@ObjectType({ description: "The comparison of a metrics query (as in CompareToInput)." })
export class CompareTo {
  @Field(() => CompareType)
  type!: CompareToShape["type"];

  @Field(() => DateRange, { nullable: true })
  range?: DateRange;
}

@ObjectType({ description: "An ordering of a metrics query (as in MetricOrderInput)." })
export class MetricOrder implements OrderBy {
  @Field(() => String)
  field!: OrderBy["field"];

  @Field(() => SortDirection)
  direction!: OrderBy["direction"];
}

@ObjectType({ description: "A metrics query, as it ran (the output twin of MetricsQueryInput)." })
export class MetricsQuery implements Omit<MetricsQueryShape, "compareTo"> {
  @Field(() => [MetricMeasure])
  measures!: Measure[];

  @Field(() => [MetricDimension], { nullable: true })
  dimensions?: Dimension[];

  @Field(() => MetricGrain, { nullable: true })
  grain?: Grain;

  @Field(() => DateRange)
  dateRange!: DateRange;

  @Field(() => [DimensionFilter], { nullable: true })
  filters?: DimensionFilter[];

  @Field(() => [MeasureFilter], { nullable: true })
  having?: MeasureFilter[];

  @Field(() => CompareTo, { nullable: true })
  compareTo?: CompareTo;

  @Field(() => [MetricOrder], { nullable: true })
  orderBy?: MetricOrder[];

  @Field(() => Int, { nullable: true })
  limit?: number;

  @Field(() => String, { nullable: true })
  after?: string;

  @Field(() => [String], { nullable: true })
  breakdownFields?: string[];

  @Field(() => Boolean, { nullable: true })
  convertCurrency?: boolean;
}
