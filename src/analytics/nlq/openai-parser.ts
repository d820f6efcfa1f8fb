import type OpenAI from "openai";
import { openAiError } from "../embeddings/openai-client.js";
import { validateMetricsQuery } from "../metrics/validate.js";
import { askQueryJsonSchema, parseAskQuery } from "./metrics-query.schema.js";
import type { Interpretation } from "./rule-parser.js";
import type { OrgVocabulary } from "./entity-linker.js";

export const TOOL_NAME = "run_metrics_query";

/**
 * Turn a question into a MetricsQuery with OpenAI tool calling: the only tool is run_metrics_query,
 * its parameters the MetricsQuery JSON Schema; the arguments are validated (zod, then the metrics
 * engine's own rules) before anything runs. A reply without a tool call means the model could not map
 * the question, and its text says why.
 */
export async function parseWithOpenAi(client: OpenAI, model: string, question: string, today: string, vocabulary: OrgVocabulary = {}): Promise<Interpretation> {
  let res: OpenAI.Chat.Completions.ChatCompletion;
  try {
    res = await client.chat.completions.create({
      model,
      temperature: 0,
      messages: [
        { role: "system", content: `You translate questions about marketing performance into one call of ${TOOL_NAME}. ` +
          `Today is ${today}; weeks start on Monday; "last N days" are the N full days before today. ` +
          "Never invent numbers. If the question cannot be expressed with the tool, do not call it: reply with what you understood and what you did not." },
        { role: "user", content: question },
      ],
      tools: [{ type: "function", function: { name: TOOL_NAME, description: "Run a metrics query over the organization's marketing facts.", parameters: askQueryJsonSchema() } }],
      tool_choice: "auto",
    });
  } catch (err) {
    throw openAiError(err, "the question");
  }
  const message = res.choices[0]?.message;
  const call = message?.tool_calls?.find((c) => c.type === "function" && c.function.name === TOOL_NAME);
  if (!call || call.type !== "function") {
    return { query: null, understood: [], notUnderstood: [message?.content?.trim() || "the question (the model did not produce a query)"] };
  }
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments);
  } catch {
    return { query: null, understood: [], notUnderstood: ["the model's query was not valid JSON"] };
  }
  const parsed = parseAskQuery(args);
  if ("error" in parsed) return { query: null, understood: [], notUnderstood: [`the model's query was invalid: ${parsed.error}`] };
  try {
    validateMetricsQuery(parsed.query);
  } catch (err) {
    return { query: null, understood: [], notUnderstood: [`the model's query was invalid: ${(err as Error).message}`] };
  }
  return { query: parsed.query, understood: [`query: ${JSON.stringify(parsed.query)}`], notUnderstood: [] };
}
