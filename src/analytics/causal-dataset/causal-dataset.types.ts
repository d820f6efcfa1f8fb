import type { DateRange } from "../metrics/query.js";

/** What panel to build. */
export interface CausalDatasetInput {
  dateRange: DateRange;
  /** One row per date (default), per date × geo (a breakdown field), or per date × campaign. */
  unit?: "date" | "geo" | "campaign";
  /** The breakdown field that holds the geo when unit is "geo" (default "country"). */
  geoField?: string;
  /** Treatment columns per channel (platform); default spend and impressions. */
  treatments?: ("spend" | "impressions" | "clicks")[];
  /** Outcome columns; default conversions and revenue. */
  outcomes?: ("conversions" | "revenue")[];
  /** "media": platform-attributed outcomes (default); "outcome": the business's own outcome facts. */
  outcomeKind?: "media" | "outcome";
  /** Lags in days added for every treatment column (e.g. [1, 7]). */
  lags?: number[];
  /** Trailing windows in days for rolling sums of every treatment column (e.g. [7, 28]). */
  rollingWindows?: number[];
  /** Add calendar controls (day of week, weekend, holiday, month, peak season, events); default true. */
  calendarControls?: boolean;
}

export type PanelCell = string | number | null;
export type PanelRow = Record<string, PanelCell>;

export interface CorrelationMatrix {
  /** Numeric columns, in matrix order. */
  columns: string[];
  /** Pearson correlations; null where a column is constant. */
  matrix: (number | null)[][];
}

export interface CausalDataset {
  columns: string[];
  rows: PanelRow[];
  /** The channels that became treatment columns. */
  channels: string[];
  /** Currency of money columns. */
  currency: string;
  correlation: CorrelationMatrix;
}
