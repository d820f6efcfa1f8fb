import { Field, ObjectType } from "type-graphql";
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

  @Field(() => [JSONScalar], { description: "A causal answer's numbers: one object per channel (model), experiment or budget allocation, with intervals." })
  estimates!: Record<string, unknown>[];
}
