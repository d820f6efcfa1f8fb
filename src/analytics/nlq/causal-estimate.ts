/** One number behind a causal answer: a model's channel estimate, an experiment's result, or a budget allocation. */
export interface CausalEstimate {
  /** Where the number comes from. */
  source: "model" | "experiment" | "optimizer";
  /** Model or experiment name. */
  model?: string | null;
  experiment?: string | null;
  channel?: string | null;
  /** Model: spend in the window; optimizer: the allocation over the periods. */
  spend?: number | null;
  incrementalOutcome?: number | null;
  incrementalOutcomeLow?: number | null;
  incrementalOutcomeHigh?: number | null;
  roas?: number | null;
  roasLow?: number | null;
  roasHigh?: number | null;
  /** Experiment window and method. */
  start?: string | null;
  end?: string | null;
  method?: string | null;
  lift?: number | null;
  incremental?: number | null;
  incrementalLow?: number | null;
  incrementalHigh?: number | null;
  pValue?: number | null;
  iroas?: number | null;
  /** Optimizer: spend beyond the current mix, the current spend, and the expected contribution. */
  extraSpend?: number | null;
  currentSpend?: number | null;
  expectedContribution?: number | null;
}
