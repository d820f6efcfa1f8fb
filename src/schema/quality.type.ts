import { Field, Float, Int, ObjectType } from "type-graphql";
import { GraphQLJSON } from "graphql-scalars";
import { DateRange } from "./date-range.input.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectType({ description: "The outcome of one data quality rule." })
export class QualityRule {
  @Field(() => String) rule!: string;
  @Field(() => String, { description: "error | warning" }) severity!: string;
  @Field(() => String) description!: string;
  @Field(() => Int) checked!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, { description: "1 − failed ÷ checked." }) score!: number;
  @Field(() => [GraphQLJSON], { description: "Up to five failing items." }) examples!: Record<string, unknown>[];
}

@ObjectType()
export class QualityReport {
  @Field(() => DateRange) dateRange!: DateRange;
  @Field(() => String, { nullable: true }) connectionId!: string | null;
  @Field(() => DateTimeScalar) generatedAt!: string;
  @Field(() => Float, { description: "Weighted mean of rule scores (errors count twice)." }) score!: number;
  @Field(() => [QualityRule]) rules!: QualityRule[];
}
