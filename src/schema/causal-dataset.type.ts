import { Field, Float, InputType, Int, ObjectType } from "type-graphql";
import type { CausalDataset as CausalDatasetShape, PanelRow } from "../analytics/causal-dataset/causal-dataset.types.js";
import { DateRangeInput } from "./date-range.input.js";

@InputType({ description: "The panel to build for causal models (MMM, geo experiments)." })
export class CausalDatasetInput {
  @Field(() => DateRangeInput) dateRange!: DateRangeInput;
  @Field(() => String, { nullable: true, description: "date (default) | geo | campaign: one row per date, or per date × unit." }) unit?: "date" | "geo" | "campaign";
  @Field(() => String, { nullable: true, description: "Breakdown field holding the geo when unit is geo (default country)." }) geoField?: string;
  @Field(() => [String], { nullable: true, description: "Treatments per channel: spend, impressions, clicks (default spend, impressions)." }) treatments?: ("spend" | "impressions" | "clicks")[];
  @Field(() => [String], { nullable: true, description: "conversions, revenue (default both)." }) outcomes?: ("conversions" | "revenue")[];
  @Field(() => String, { nullable: true, description: "media (platform-attributed, default) | outcome (the business's own outcome facts)." }) outcomeKind?: "media" | "outcome";
  @Field(() => [Int], { nullable: true, description: "Lags in days for every treatment column." }) lags?: number[];
  @Field(() => [Int], { nullable: true, description: "Trailing windows in days for rolling sums of every treatment column." }) rollingWindows?: number[];
  @Field(() => Boolean, { nullable: true, description: "Add calendar controls (default true)." }) calendarControls?: boolean;
}

@ObjectType()
export class CorrelationMatrix {
  @Field(() => [String]) columns!: string[];
  @Field(() => [[Float]], { nullable: "itemsAndList", description: "Pearson correlations; null where a column is constant." }) matrix!: (number | null)[][];
}

@ObjectType({ description: "One cell of a panel row: numeric columns in `number`, text columns (date, unit, season …) in `text`." })
export class CausalDatasetCell {
  @Field(() => String) column!: string;
  @Field(() => Float, { nullable: true }) number!: number | null;
  @Field(() => String, { nullable: true }) text!: string | null;
}

@ObjectType({ description: "One panel row. For a flat table alias the cells: { date spend_meta: number(column: \"spend_meta\") }." })
export class CausalDatasetRow {
  /** The service's row, keyed by column name. */
  values!: PanelRow;
}

@ObjectType({ description: "One row per date (or date × unit): treatments per channel, outcomes, controls, lags and rolling sums." })
export class CausalDataset implements Omit<CausalDatasetShape, "rows"> {
  @Field(() => [String]) columns!: string[];
  @Field(() => [CausalDatasetRow]) rows!: CausalDatasetRow[];
  @Field(() => [String]) channels!: string[];
  @Field(() => String, { description: "Currency of money columns." }) currency!: string;
  @Field(() => CorrelationMatrix) correlation!: CorrelationMatrix;
}
