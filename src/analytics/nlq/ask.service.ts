import { eq } from "drizzle-orm";
import { organizations } from "../../db/tables/index.js";
import type OpenAI from "openai";
import type { OrgScope } from "../../db/scope.js";
import { runMetrics, type MetricsResult, type MetricsRow } from "../metrics/metrics.service.js";
import type { MetricsQuery } from "../metrics/query.js";
import { badInput } from "../../errors.js";
import { answerInWords, notUnderstoodAnswer } from "./answer.js";
import { parseWithOpenAi } from "./openai-parser.js";
import { parseQuestion, type Interpretation } from "./rule-parser.js";
import { loadOrgVocabulary } from "./org-vocabulary.js";
import { withoutUnpaidChannels } from "./spend-ratios.js";
import { answerCausal, modelRoas } from "./causal-answer.js";
import type { CausalIntent } from "./causal-intent.js";

/** The answer to a plain-English question. */
export interface AskResult {
  /** The query the question was turned into, or null when it could not be interpreted. */
  query: MetricsQuery | null;
  /** "openai" or "rules": which interpreter read the question. */
  interpreter: "openai" | "rules";
  /** What was understood and not, in words. */
  understood: string[];
  notUnderstood: string[];
  /** Result rows of the query (empty when none ran). */
  rows: MetricsRow[];
  /** Totals over all rows, when a query ran. */
  totals: MetricsRow | null;
  /** Currency of money values. */
  currency: string | null;
  /** A short answer in words, made only from the rows (or, for a causal question, from models and experiments). */
  answer: string;
  /** The causal question it was, when it was one (then `query` is null and `rows` hold the estimates). */
  causal: CausalIntent | null;
  /** A causal answer's numbers: one object per channel, experiment or allocation (empty otherwise). */
  estimates: Record<string, unknown>[];
  /** Platforms left out of spend-based ratios for having no spend in the period. */
  leftOut: string[];
  /** The full result as CSV (`GET` with the API key): the metrics query behind the answer. */
  link: string | null;
}

export interface AskOptions {
  /** Today's date (YYYY-MM-DD) for relative periods; default the current day in the organization's timezone. */
  today?: string;
  /** The clock for that default (tests). */
  now?: Date;
  /** OpenAI client and chat model; without them the rule-based parser is used. */
  openai?: { client: OpenAI; model: string };
  /** Runs the query (default: the metrics engine). */
  run?: (scope: OrgScope, q: MetricsQuery) => Promise<MetricsResult>;
  /** Cancels the budget optimiser's work in the compute pool (the request's deadline). */
  signal?: AbortSignal;
}

const MAX_QUESTION = 500;

/** The date it is now in the organization's timezone ("last week" means the org's week, not UTC's). */
export async function orgToday(scope: OrgScope, now: Date): Promise<string> {
  const [org] = await scope.db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, scope.orgId));
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: org?.timezone ?? "UTC", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** Interpret a question, run it as a metrics query for the org, and answer in words; never invents a number. */
export async function ask(scope: OrgScope, question: string, opts: AskOptions = {}): Promise<AskResult> {
  const q = question.trim();
  if (!q) throw badInput("The question is empty; ask something like \"Meta spend last month by campaign\".");
  if (q.length > MAX_QUESTION) throw badInput(`The question is ${q.length} characters; keep it under ${MAX_QUESTION}.`);
  const today = opts.today ?? (await orgToday(scope, opts.now ?? new Date()));
  const interpreter = opts.openai ? "openai" : "rules";
  const vocabulary = await loadOrgVocabulary(scope);
  const i: Interpretation = opts.openai ? await parseWithOpenAi(opts.openai.client, opts.openai.model, q, today, vocabulary) : parseQuestion(q, { today, vocabulary });
  const base = { interpreter, understood: i.understood, notUnderstood: i.notUnderstood, causal: i.causal ?? null, leftOut: [] as string[], link: null, estimates: [] as Record<string, unknown>[] } as const;
  if (i.causal) {
    const c = await answerCausal(scope, i.causal, opts.signal);
    return { ...base, estimates: c.rows, query: null, rows: [], totals: null, currency: null, answer: c.answer };
  }
  if (!i.query) return { ...base, query: null, rows: [], totals: null, currency: null, answer: notUnderstoodAnswer(i) };
  const run = opts.run ?? runMetrics;
  const { query, leftOut } = await withoutUnpaidChannels(scope, i.query, run);
  if (leftOut.length) base.understood.push(`left out of spend-based ratios (no spend): ${leftOut.join(", ")}`);
  const result = await run(scope, query);
  const platforms = query.filters?.find((f) => f.dimension === "platform" && f.operator === "in")?.values;
  const inc = query.measures.includes("roas") ? await modelRoas(scope, platforms) : null;
  const link = `/export/metrics.csv?query=${encodeURIComponent(JSON.stringify({ ...query, limit: undefined }))}`;
  const answer = answerInWords(query, result, {
    leftOut, link,
    incremental: inc && { model: inc.model.name, dataTo: inc.model.dataTo, level: inc.level, rows: inc.rows },
  });
  return { ...base, leftOut, link, query, rows: result.rows, totals: result.totals, currency: result.currency, answer };
}
