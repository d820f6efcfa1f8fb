import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import type { CausalEstimate as CausalEstimateShape } from "../analytics/nlq/causal-estimate.js";
import { DateScalar } from "./scalars.js";

export enum EstimateSource { model = "model", experiment = "experiment", optimizer = "optimizer" }
registerEnumType(EstimateSource, { name: "EstimateSource" });

@ObjectType({ description: "One number behind a causal answer; the fields of its source are set." })
export class CausalEstimate implements CausalEstimateShape {
  @Field(() => EstimateSource) source!: CausalEstimateShape["source"];
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String, { nullable: true }) experiment?: string | null;
  @Field(() => String, { nullable: true }) channel?: string | null;
  @Field(() => Float, { nullable: true, description: "Model: spend in the window; optimizer: the allocation over the periods." }) spend?: number | null;
  @Field(() => Float, { nullable: true }) incrementalOutcome?: number | null;
  @Field(() => Float, { nullable: true }) incrementalOutcomeLow?: number | null;
  @Field(() => Float, { nullable: true }) incrementalOutcomeHigh?: number | null;
  @Field(() => Float, { nullable: true }) roas?: number | null;
  @Field(() => Float, { nullable: true }) roasLow?: number | null;
  @Field(() => Float, { nullable: true }) roasHigh?: number | null;
  @Field(() => DateScalar, { nullable: true }) start?: string | null;
  @Field(() => DateScalar, { nullable: true }) end?: string | null;
  @Field(() => String, { nullable: true }) method?: string | null;
  @Field(() => Float, { nullable: true }) lift?: number | null;
  @Field(() => Float, { nullable: true }) incremental?: number | null;
  @Field(() => Float, { nullable: true }) incrementalLow?: number | null;
  @Field(() => Float, { nullable: true }) incrementalHigh?: number | null;
  @Field(() => Float, { nullable: true }) pValue?: number | null;
  @Field(() => Float, { nullable: true }) iroas?: number | null;
  @Field(() => Float, { nullable: true }) extraSpend?: number | null;
  @Field(() => Float, { nullable: true }) currentSpend?: number | null;
  @Field(() => Float, { nullable: true }) expectedContribution?: number | null;
}
import { MetricsQuery } from "./metrics-query.type.js";
import { MetricsRow, MetricsTotals } from "./metrics-row.type.js";

@ObjectType({ description: "A plain-English question, the metrics query it became, its rows and an answer in words." })
export class AskResult {
  @Field(() => String, { description: '"openai" (tool calling) or "rules" (the built-in parser).' })
  interpreter!: string;

  @Field(() => MetricsQuery, { nullable: true, description: "The metrics query that ran; null when the question could not be interpreted." })
  query!: MetricsQuery | null;

  @Field(() => [String], { description: "What was understood." })
  understood!: string[];

  @Field(() => [String], { description: "What was not understood (empty when a query ran)." })
  notUnderstood!: string[];

  @Field(() => [MetricsRow], { description: "Result rows, typed as in `metrics`." })
  rows!: MetricsRow[];

  @Field(() => MetricsTotals, { nullable: true, description: "Measures over all rows." })
  totals!: MetricsTotals | null;

  @Field(() => String, { nullable: true, description: "Currency of money values." })
  currency!: string | null;

  @Field(() => String, { description: "A short answer in words, made only from the rows (a table when there are many), or for a causal question from the latest model, the analysed experiments and the budget optimiser." })
  answer!: string;

  @Field(() => [String], { description: "Platforms left out of spend-based ratios (ROAS, CPA, CPC, CPM) for having no spend in the period." })
  leftOut!: string[];

  @Field(() => String, { nullable: true, description: "The full result as CSV: GET it with the API key (the metrics query behind the answer)." })
  link!: string | null;

  @Field(() => [CausalEstimate], { description: "A causal answer's numbers: one per channel (model), experiment or budget allocation, with intervals." })
  estimates!: CausalEstimate[];
}
