import type { MmmChannel, MmmModel } from "./mmm/types.js";

/** Fit of a marketing mix model, as stored on the model row. */
export interface MmmFitMetrics {
  r2: number;
  nrmse: number;
  /** Null when an actual is 0. */
  mape: number | null;
  rmse: number;
  /** Cross-validated RMSE that chose the transforms. */
  cvRmse: number;
  /** Channels left out for having neither spend nor volume. */
  droppedChannels: string[];
  /** Channels fitted on volume (no spend). */
  organicChannels: string[];
}

/** Fit of a multi-touch model: the journeys it credited. */
export interface MtaFitMetrics {
  journeys: number;
  conversions: number;
  conversionRate: number;
  /** Σ conversion value. */
  value: number;
}

/** What an attribution result row's `details` holds (by method). */
export interface AttributionDetails {
  /** MMM: steady-state outcome per period at multiples of the average spend. */
  responseCurve?: { spend: number; response: number }[];
  /** MMM: media without spend. */
  organic?: boolean;
  /** MMM organic channel: its media volume in the window. */
  volume?: number;
  /** Markov: drop in conversion probability without the channel. */
  removalEffect?: number;
  /** Shapley: error bound of a sampled value. */
  errorBound?: number;
  /** Shapley: exact or sampled. */
  shapley?: "exact" | "sampled";
  /** Shapley: permutations drawn (sampled). */
  samples?: number | null;
}

/** One point of a channel's response curve. */
export interface ResponseCurvePoint {
  /** Spend per period (volume for an organic channel). */
  spend: number;
  /** Predicted steady-state outcome per period from this channel. */
  response: number;
  /** d response ÷ d spend at this point; null where unbounded (zero spend with a Hill shape below 1). */
  marginalRoas: number | null;
  /** This point is the channel's current (average) spend. */
  isCurrent: boolean;
}

/** A channel's response curve: spend → predicted outcome and marginal ROAS, with the current spend marked. */
export interface ResponseCurve {
  /** Average spend per period in the model's data. */
  currentSpend: number;
  points: ResponseCurvePoint[];
}

/** One period of an MMM decomposition. */
export interface DecompositionPeriod {
  date: string;
  actual: number;
  predicted: number;
  base: number;
  trend: number;
  seasonality: number;
  calendar: number;
  events: number;
  /** Contribution per channel in this period. */
  channels: { channel: string; value: number }[];
}

// Multiples of the current spend the curve is drawn at: 0, 0.25 … 3 (the current spend is multiple 1).
const CURVE_STEPS = 13;
const STEP = 0.25;

/** The response curve of a fitted channel: β·hill(s; α, k) with its derivative, at multiples of the current spend. */
export function responseCurveOf(ch: Pick<MmmChannel, "alpha" | "k" | "beta" | "meanSpend">): ResponseCurve {
  const { alpha: a, k, beta } = ch;
  const hill = (s: number) => (s <= 0 ? 0 : s ** a / (s ** a + k ** a));
  const slope = (s: number) => {
    if (s <= 0) return a > 1 ? 0 : a === 1 ? beta / k : null;
    return (beta * a * s ** (a - 1) * k ** a) / (s ** a + k ** a) ** 2;
  };
  const points = Array.from({ length: CURVE_STEPS }, (_, i) => {
    const spend = i * STEP * ch.meanSpend;
    return { spend, response: beta * hill(spend), marginalRoas: slope(spend), isCurrent: i * STEP === 1 };
  });
  return { currentSpend: ch.meanSpend, points };
}

/** A fitted MMM's decomposition with channels as a list. */
export const decompositionOf = (m: Pick<MmmModel, "decomposition">): DecompositionPeriod[] =>
  m.decomposition.map((d) => ({ ...d, channels: Object.entries(d.channels).map(([channel, value]) => ({ channel, value })) }));

/** Shares of explained variation as a list, largest first. */
export const featureImportanceOf = (fi: Record<string, number>): { name: string; share: number }[] =>
  Object.entries(fi).map(([name, share]) => ({ name, share })).sort((x, y) => y.share - x.share || x.name.localeCompare(y.name));
