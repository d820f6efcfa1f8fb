import { Field, Float, ObjectType } from "type-graphql";
import { DateRange } from "./date-range.input.js";

@ObjectType({ description: "One KPI with its period-over-period change; money and counts as decimal strings." })
export class Kpi {
  @Field(() => String)
  measure!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;

  @Field(() => String, { nullable: true })
  compared!: string | null;

  @Field(() => String, { nullable: true })
  change!: string | null;

  @Field(() => Float, { nullable: true, description: "(value − compared) ÷ compared; null when compared is 0 or missing." })
  relativeChange!: number | null;
}

@ObjectType()
export class KpiSummary {
  @Field(() => String, { nullable: true, description: "null for the overall summary." })
  platform!: string | null;

  @Field(() => [Kpi], { description: "spend, revenue, roas, conversions, cpa (CAC), ctr, cvr." })
  kpis!: Kpi[];
}

@ObjectType()
export class Insights {
  @Field(() => String, { nullable: true })
  currency!: string | null;

  @Field(() => DateRange, { nullable: true })
  compareRange!: DateRange | null;

  @Field(() => KpiSummary)
  overall!: KpiSummary;

  @Field(() => [KpiSummary])
  platforms!: KpiSummary[];
}
