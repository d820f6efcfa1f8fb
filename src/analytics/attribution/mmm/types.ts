import type { MmmGrain } from "./grain.js";
import type { AdstockParams } from "./transforms.js";

/** Data of a marketing mix model: one row per period. */
export interface MmmInput {
  /** Period start dates (YYYY-MM-DD), ascending, no gaps. */
  dates: string[];
  /** Period of the data: "day", "week" or "month" (lags, seasonality and calendar controls follow it). */
  grain: MmmGrain;
  /** The business's own outcome per period (orders or revenue), never the sum of platform claims. */
  outcome: number[];
  /**
   * Spend per period of each channel. An `organic` channel has media without spend (e-mail sends,
   * organic posts): its `spend` holds the volume, it gets a contribution and share but no ROAS, and the
   * budget optimiser holds it at its average volume.
   */
  channels: { name: string; spend: number[]; organic?: boolean }[];
  /** Event dummies or intensities (promotions, launches). */
  events?: { name: string; values: number[] }[];
  /** Country (and region) for public holidays; omit for no holiday control. */
  country?: string;
  /** Subdivision for holidays. */
  region?: string;
  /** Experiment results that constrain a channel: incremental outcome measured over [start, end]. */
  calibration?: MmmCalibration[];
}

/** A lift measured by an experiment, used to calibrate one channel. */
export interface MmmCalibration {
  /** Channel name as in `channels`. */
  channel: string;
  /** First day of the experiment window. */
  start: string;
  /** Last day of the experiment window. */
  end: string;
  /** Incremental outcome the experiment measured in the window (in the treated regions when `design` is given). */
  incremental: number;
  /** Its standard error. */
  standardError: number;
  /**
   * A geo test that moved only part of the spend: the treated regions' share of the market and the
   * multiplier their spend ran at (0 = go dark). The model then replays the test rather than equating the
   * lift with the channel's whole contribution. Omit for a national go-dark test.
   */
  design?: { treatedShare: number; spendMultiplier: number };
}

/**
 * A prior belief about a channel's ROAS over the data window (Meridian's roas_m prior): normal, centred on
 * `roas` with standard deviation `standardError`. The fit is the posterior mode (MAP).
 */
export interface MmmRoasPrior {
  /** Channel name as in `channels` (a paid channel). */
  channel: string;
  /** Prior mean of the channel's ROAS (incremental outcome ÷ spend over the window). */
  roas: number;
  /** Prior standard deviation. */
  standardError: number;
}

/** Knobs of the fit; every member has a default. */
export interface MmmConfig {
  /** "geometric" (default) or "weibull" adstock. */
  adstock?: "geometric" | "weibull";
  /** Time-series cross-validation folds (default 3). */
  folds?: number;
  /** Bootstrap replicates for intervals (default 200). */
  bootstrap?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Fourier order of yearly seasonality (default 2). */
  fourierOrder?: number;
  /** Coordinate-search passes over the channels (default 2). */
  passes?: number;
  /** Interval level (default 0.9). */
  level?: number;
  /**
   * How each channel's adstock and saturation are chosen: "map" maximises the posterior (in-sample fit plus
   * the experiments' and ROAS priors' penalties, as Meridian and PyMC-Marketing fit the whole likelihood);
   * "cv" minimises expanding-window time-series CV error. Default: "map" when there are experiments or
   * ROAS priors, "cv" without.
   */
  selection?: "map" | "cv";
  /** Priors on channels' ROAS (Meridian's ROAS calibration); experiments given as `calibration` add their own. */
  roasPriors?: MmmRoasPrior[];
  /** Period of the data when training from facts: "day", "week" or "month" (default: detected from the facts; a coarser grain sums finer facts). */
  grain?: MmmGrain;
}

/** One channel of a fitted model. */
export interface MmmChannel {
  /** Channel name. */
  name: string;
  /** Chosen adstock. */
  adstock: AdstockParams;
  /** Hill shape. */
  alpha: number;
  /** Hill half-saturation point, in spend per period. */
  k: number;
  /** Coefficient on the saturated feature (outcome units at full saturation). */
  beta: number;
  /** Bootstrap draws of the steady-state response β·hill(x; α, k) (transforms drawn from the plausible set). */
  draws: { beta: number; alpha: number; k: number }[];
  /** Average spend per period (volume for an organic channel). */
  meanSpend: number;
  /** Media without spend: contribution only, no ROAS, not allocated by the optimiser. */
  organic?: boolean;
}

/** An estimate with its bootstrap interval. */
export interface Estimate { value: number; low: number; high: number }

/** What the model says about one channel. */
export interface MmmChannelResult {
  /** Channel name. */
  channel: string;
  /** Total spend in the data window (0 for an organic channel). */
  spend: number;
  /** Media without spend (e-mail sends, organic posts): contribution and share only. */
  organic: boolean;
  /** Total media volume in the window for an organic channel (sends, impressions); null for paid. */
  volume: number | null;
  /** Outcome attributed to the channel over the window. */
  contribution: Estimate;
  /** Share of all media contribution. */
  share: number;
  /** contribution / spend; null for an organic channel. */
  roas: Estimate | null;
  /** Extra outcome per extra unit of spend at current levels (+1 % spend); null for an organic channel. */
  marginalRoas: Estimate | null;
  /** Steady-state outcome per period at multiples of the average spend (of the average volume when organic). */
  responseCurve: { spend: number; response: number }[];
}

/** A fitted marketing mix model (JSON-serialisable, stored with the model row). */
export interface MmmModel {
  /** "mmm". */
  type: "mmm";
  /** Data grain. */
  grain: MmmGrain;
  /** First and last period. */
  window: { from: string; to: string; periods: number };
  /** Ridge penalty chosen by cross-validation. */
  lambda: number;
  /** Intercept. */
  intercept: number;
  /** Control coefficients by name. */
  controls: Record<string, number>;
  /** Channels with their transforms and coefficients. */
  channels: MmmChannel[];
  /** Fit quality in sample, and the cross-validated RMSE that chose the transforms. */
  fit: { r2: number; nrmse: number; mape: number | null; rmse: number; cvRmse: number };
  /** Per-channel results. */
  results: MmmChannelResult[];
  /** Average non-media outcome per period (base, trend, seasonality, calendar, events). */
  baselinePerPeriod: number;
  /** Outcome per period split into base, control groups and channels. */
  decomposition: { date: string; actual: number; predicted: number; base: number; trend: number; seasonality: number; calendar: number; events: number; channels: Record<string, number> }[];
  /** Share of the explained variation per regressor group and channel (sum of |contribution|). */
  featureImportance: Record<string, number>;
  /** Interval level of every Estimate. */
  level: number;
}
