/** A question about what marketing truly caused, answered from models, experiments and the budget optimiser. */
export interface CausalIntent {
  /** incremental: a model's (or experiment's) incremental effect; experiment: what tests showed; budget: where money should go. */
  kind: "incremental" | "experiment" | "budget";
  /** Channels asked about (platform ids); all when absent. */
  platforms?: string[];
  /** Budget to allocate, for kind "budget". */
  amount?: number;
}

const BUDGET = /\b(?:where (?:should|to|do|would|could) (?:i |we |you )?(?:put|spend|invest|go|allocate)|where should\b|how (?:should|would|do) (?:i|we) (?:split|allocate|spend|invest|divide)|(?:re)?allocat(?:e|ion)|optimi[sz]e (?:the |my |our )?budget|budget (?:split|allocation|mix))/;
const EXPERIMENT = /\b(?:holdouts?|geo[- ]?(?:tests?|experiments?|lift)|lift (?:tests?|studies|study)|experiments?|a\/?b tests?|split tests?|conversion lift)\b/;
const INCREMENTAL = /\b(?:incremental(?:ity)?|actually|really|truly|true (?:roas|return|revenue|contribution|impact)|mmm|(?:marketing|media) mix(?: model)?|causal(?:ly)?|contribution|what (?:does|did) the model say)\b/;
const AMOUNT = /\$?\b(\d+(?:\.\d+)?) ?(k|m|thousand|million)?\b/;

/** The causal question in a lower-cased text, or null when it asks for reported numbers. */
export function findCausalIntent(text: string, platforms: string[]): CausalIntent | null {
  let kind: CausalIntent["kind"] | null = null;
  if (BUDGET.test(text)) kind = "budget";
  else if (EXPERIMENT.test(text)) kind = "experiment";
  else if (INCREMENTAL.test(text)) kind = "incremental";
  if (!kind) return null;
  const out: CausalIntent = { kind };
  if (platforms.length && kind !== "budget") out.platforms = platforms;
  if (kind === "budget") {
    const m = AMOUNT.exec(text);
    if (m) out.amount = Number(m[1]) * ({ k: 1e3, thousand: 1e3, m: 1e6, million: 1e6 }[m[2] ?? ""] ?? 1);
  }
  return out;
}
