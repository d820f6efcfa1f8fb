import { Field, ObjectType } from "type-graphql";
import { JSONScalar } from "./scalars.js";

@ObjectType({ description: "A plain-English question, the metrics query it became, its rows and an answer in words." })
export class AskResult {
  @Field(() => String, { description: '"openai" (tool calling) or "rules" (the built-in parser).' })
  interpreter!: string;

  @Field(() => JSONScalar, { nullable: true, description: "The MetricsQuery that ran; null when the question could not be interpreted." })
  query!: Record<string, unknown> | null;

  @Field(() => [String], { description: "What was understood." })
  understood!: string[];

  @Field(() => [String], { description: "What was not understood (empty when a query ran)." })
  notUnderstood!: string[];

  @Field(() => [JSONScalar], { description: "Result rows keyed by column name (as in `metrics`)." })
  rows!: Record<string, unknown>[];

  @Field(() => JSONScalar, { nullable: true, description: "Measures over all rows." })
  totals!: Record<string, unknown> | null;

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
