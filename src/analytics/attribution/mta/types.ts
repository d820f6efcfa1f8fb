/** One marketing touch in a journey. */
export interface Touch {
  /** Channel the touch came through ("google / cpc"). */
  channel: string;
  /** Campaign, when known. */
  campaign?: string | null;
  /** When it happened (ISO timestamp). */
  at: string;
}

/** A user's ordered touches and whether (and for how much) they converted. */
export interface Journey {
  /** Journey (user or session) id. */
  id: string;
  /** Touches in time order, before the conversion. */
  touches: Touch[];
  /** The journey ended in a conversion. */
  converted: boolean;
  /** Conversion value (1 when only counts matter). */
  value: number;
  /** Conversion time (ISO); defaults to the last touch. */
  convertedAt?: string | null;
}

/** Credit given to each channel: conversions and value. */
export type Credit = Record<string, { conversions: number; value: number }>;

/** Names of the multi-touch models. */
export const MTA_MODELS = ["first_touch", "last_touch", "linear", "time_decay", "position_based", "markov", "shapley"] as const;
export type MtaModel = (typeof MTA_MODELS)[number];
