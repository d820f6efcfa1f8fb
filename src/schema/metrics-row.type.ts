import { Field, Float, Int, ObjectType } from "type-graphql";
import { DIMENSIONS, MEASURES, type Dimension, type Measure } from "../analytics/metrics/query.js";
import { COUNT_MEASURES, DECIMAL_MEASURES, type BooleanDimension, type BreakdownValue as BreakdownValueShape, type MeasureFields, type TypedMetricsRow } from "../analytics/metrics/typed-row.js";
import { BOOLEAN_DIMS, NUMBER_DIMS } from "../analytics/metrics/plan.js";
import { DateScalar, DecimalScalar, SafeIntScalar } from "./scalars.js";

@ObjectType({ description: "One breakdown value of a metrics row, e.g. field age, value 25-34." })
export class BreakdownValue implements BreakdownValueShape {
  @Field(() => String)
  field!: string;

  @Field(() => String, { nullable: true })
  value!: string | null;
}

/** A stored breakdown map as the list GraphQL serves, fields in name order. */
export const breakdownList = (b: Record<string, string> | null | undefined): BreakdownValue[] =>
  Object.keys(b ?? {}).sort().map((field) => ({ field, value: b![field] ?? null }));

const LABEL: Partial<Record<Measure, string>> = { cpm: "Cost per 1000 impressions", cpc: "Cost per click", ctr: "Clicks ÷ impressions", cvr: "Conversions ÷ clicks", cpa: "Spend ÷ conversions", roas: "Revenue ÷ spend", aov: "Revenue ÷ conversions" };
const measureScalar = (m: Measure) => (DECIMAL_MEASURES.includes(m as never) ? DecimalScalar : COUNT_MEASURES.includes(m as never) ? SafeIntScalar : Float);

/** Declare the measure fields (value, compared, change, relative change) on a row or totals class. */
function declareMeasureFields(target: object) {
  for (const m of MEASURES) {
    const scalar = measureScalar(m);
    const label = LABEL[m] ? ` (${LABEL[m]})` : "";
    Field(() => scalar, { nullable: true, description: `${m}${label}; null unless requested.` })(target, m);
    Field(() => scalar, { nullable: true, description: `${m} over the compared range; null without compareTo.` })(target, `${m}Compared`);
    Field(() => scalar, { nullable: true, description: `${m} − ${m}Compared.` })(target, `${m}Change`);
    Field(() => Float, { nullable: true, description: `(${m} − ${m}Compared) ÷ ${m}Compared; null when that is 0 or missing.` })(target, `${m}RelativeChange`);
  }
}

const dimensionScalar = (d: Dimension) => (BOOLEAN_DIMS.has(d as BooleanDimension) ? Boolean : d === "seasonalityIndex" ? Float : NUMBER_DIMS.has(d) ? Int : String);

/** Measures over all rows of all pages (after HAVING). Money and conversions: Decimal; counts: SafeInt; ratios: Float. */
export interface MetricsTotals extends MeasureFields {}
@ObjectType({ description: "Measures over all rows of all pages (after HAVING); the same fields and scalars as a row's measures." })
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MetricsTotals {}
declareMeasureFields(MetricsTotals.prototype);

/** One flat, typed row: a field per dimension and per measure; fields not requested are null. */
export interface MetricsRow extends TypedMetricsRow {}
@ObjectType({
  description: "One row of a metrics result: a field per dimension and measure (null unless requested), comparison columns as their own fields. " +
    "Money (spend, revenue) and conversions are Decimal (exact decimal strings); impressions, clicks, reach and videoViews SafeInt; ratios and relative changes Float (6 decimals).",
})
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MetricsRow {}
for (const d of DIMENSIONS) {
  if (d === "breakdown") continue;
  Field(() => dimensionScalar(d), { nullable: true, description: `Dimension ${d}; null unless requested.` })(MetricsRow.prototype, d);
}
Field(() => DateScalar, { nullable: true, description: "First day of the grain bucket; null without a grain." })(MetricsRow.prototype, "date");
Field(() => String, { nullable: true, description: "The bucket's label (2024-05-01, 2024-W18, 2024-05, 2024-Q2, FY2025-Q1 …); null without a grain." })(MetricsRow.prototype, "period");
Field(() => DateScalar, { nullable: true, description: "First day of the compared bucket; null without grain and compareTo." })(MetricsRow.prototype, "comparedDate");
Field(() => [BreakdownValue], { description: "Values of the breakdown fields (dimension breakdown), in the order of breakdownFields." })(MetricsRow.prototype, "breakdowns");
declareMeasureFields(MetricsRow.prototype);
