import { Field, Float, Int, ObjectType } from "type-graphql";
import type { QualityReport as QualityReportShape, RuleResult, Severity } from "../analytics/quality/quality.types.js";
import { QualitySeverity } from "./status-enums.js";
import { DateRange } from "./date-range.input.js";
import { DateTimeScalar } from "./scalars.js";

@ObjectType({ description: "One value of a failing item." })
export class ExampleField {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: "As text (numbers and dates in their usual form)." }) value!: string | null;
}

@ObjectType({ description: "A failing item: its identifying values (date, platform, campaignId, spend …, as the rule reports them)." })
export class QualityExample {
  @Field(() => [ExampleField]) fields!: ExampleField[];
}

@ObjectType({ description: "The outcome of one data quality rule." })
export class QualityRule implements Omit<RuleResult, "examples"> {
  @Field(() => String) rule!: string;
  @Field(() => QualitySeverity) severity!: Severity;
  @Field(() => String) description!: string;
  @Field(() => Int) checked!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, { description: "1 − failed ÷ checked." }) score!: number;
  @Field(() => [QualityExample], { description: "Up to five failing items." }) examples!: QualityExample[];
}

@ObjectType()
export class QualityReport implements Omit<QualityReportShape, "rules"> {
  @Field(() => DateRange) dateRange!: DateRange;
  @Field(() => String, { nullable: true }) connectionId!: string | null;
  @Field(() => DateTimeScalar) generatedAt!: string;
  @Field(() => Float, { description: "Weighted mean of rule scores (errors count twice)." }) score!: number;
  @Field(() => [QualityRule]) rules!: QualityRule[];
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A service report as its GraphQL shape (each example as name/value pairs). */
export const toQualityReport = (r: QualityReportShape): QualityReport => ({
  ...r, rules: r.rules.map((rule) => ({ ...rule, examples: rule.examples.map((e) => ({ fields: Object.entries(e).map(([name, value]) => ({ name, value: text(value) })) })) })),
});
