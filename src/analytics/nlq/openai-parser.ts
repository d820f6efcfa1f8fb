import type OpenAI from "openai";
import { openAiError } from "../embeddings/openai-client.js";
import { validateMetricsQuery } from "../metrics/validate.js";
import { askQueryJsonSchema, parseAskQuery } from "./metrics-query.schema.js";
import { z } from "zod";
import type { Interpretation } from "./rule-parser.js";
import type { OrgVocabulary } from "./entity-linker.js";

export const TOOL_NAME = "run_metrics_query";
/** The second tool: a question about what marketing truly caused (answered from models, experiments and the optimiser). */
export const CAUSAL_TOOL_NAME = "answer_causal_question";

const causalSchema = z.object({
  kind: z.enum(["incremental", "experiment", "budget"]).describe("incremental: what a channel truly drove / incremental ROAS; experiment: what holdouts or tests showed; budget: where money should go."),
  platforms: z.array(z.enum(["meta", "google_ads", "tiktok", "klaviyo"])).min(1).optional().describe("Channels asked about; omit for all."),
  amount: z.number().positive().optional().describe("Budget to allocate, for kind budget (10k = 10000)."),
}).strict();
// Names the model may link without quotes; a long list is cut to keep the prompt small.
const MAX_PROMPT_NAMES = 200;

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
          "Never invent numbers. If the question cannot be expressed with the tool, do not call it: reply with what you understood and what you did not. " +
          `Questions about what marketing truly caused (incremental, "actually drove", holdouts, experiments, where budget should go) call ${CAUSAL_TOOL_NAME} instead. ` +
          "Spend-based ratios (ROAS, CPA, CPC, CPM) of channels without spend are left out by the server. " +
          `The organization's names (use campaignName/adGroupName/adName "contains" filters for them, spelt as here): ${names(vocabulary)}.` },
        { role: "user", content: question },
      ],
      tools: [
        { type: "function", function: { name: TOOL_NAME, description: "Run a metrics query over the organization's marketing facts.", parameters: askQueryJsonSchema() } },
        { type: "function", function: { name: CAUSAL_TOOL_NAME, description: "Answer what marketing truly caused from the latest model, the analysed experiments or the budget optimiser.", parameters: z.toJSONSchema(causalSchema) as Record<string, unknown> } },
      ],
      tool_choice: "auto",
    });
  } catch (err) {
    throw openAiError(err, "the question");
  }
  const message = res.choices[0]?.message;
  const causal = message?.tool_calls?.find((c) => c.type === "function" && c.function.name === CAUSAL_TOOL_NAME);
  if (causal && causal.type === "function") {
    let raw: unknown;
    try { raw = JSON.parse(causal.function.arguments); } catch { return { query: null, understood: [], notUnderstood: ["the model's causal question was not valid JSON"] }; }
    const c = causalSchema.safeParse(raw);
    if (!c.success) return { query: null, understood: [], notUnderstood: [`the model's causal question was invalid: ${c.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ")}`] };
    const intent = { kind: c.data.kind, ...(c.data.platforms ? { platforms: c.data.platforms } : {}), ...(c.data.amount ? { amount: c.data.amount } : {}) };
    return { query: null, understood: [`a causal question (${intent.kind})`], notUnderstood: [], causal: intent };
  }
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

function names(v: OrgVocabulary): string {
  const all = [...(v.campaigns ?? []).map((c) => c.name), ...(v.adGroups ?? []).map((g) => g.name), ...(v.ads ?? []).map((a) => a.name), ...(v.events ?? []).map((e) => `${e.name} (event ${e.from} to ${e.to})`)];
  const unique = [...new Set(all)];
  return unique.length ? unique.slice(0, MAX_PROMPT_NAMES).map((n) => JSON.stringify(n)).join(", ") + (unique.length > MAX_PROMPT_NAMES ? " …" : "") : "none";
}
