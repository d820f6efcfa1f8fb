import type { DateRange } from "../metrics/query.js";

export type Severity = "error" | "warning";

/** The outcome of one data quality rule. */
export interface RuleResult {
  /** Stable rule id, e.g. "clicks_above_impressions". */
  rule: string;
  severity: Severity;
  description: string;
  /** How many items (facts, campaign-days, connections) the rule looked at. */
  checked: number;
  /** How many failed it. */
  failed: number;
  /** 1 − failed ÷ checked (1 when nothing was checked). */
  score: number;
  /** Up to five failing items, for a human to look at. */
  examples: Record<string, unknown>[];
}

export interface QualityReport {
  dateRange: DateRange;
  connectionId: string | null;
  generatedAt: string;
  /** Weighted mean of rule scores: errors count twice as much as warnings. */
  score: number;
  rules: RuleResult[];
}

export interface QualityOptions {
  dateRange: DateRange;
  /** Only facts of this connection (the `source` of synced facts) and only this connection's staleness. */
  connectionId?: string;
  /** "now" for staleness; tests pass a fixed clock. */
  now?: Date;
}
