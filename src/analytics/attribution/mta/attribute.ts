import { markovAttribution } from "./markov.js";
import { firstTouch, lastTouch, linear, positionBased, timeDecay } from "./rules.js";
import { shapleyAttribution } from "./shapley.js";
import type { Credit, Journey, MtaModel } from "./types.js";

/** Options of a multi-touch attribution run. */
export interface MtaOptions {
  /** Half-life of time decay in days (default 7). */
  halfLifeDays?: number;
  /** Share for each end of position-based (default 0.4). */
  positionEnds?: number;
  /** Channels up to which Shapley is exact (default 12). */
  shapleyMaxExact?: number;
  /** Permutations for sampled Shapley (default 2000). */
  shapleySamples?: number;
}

/** Credit per channel under one model, with model-specific details (removal effects, error bounds). */
export function attribute(model: MtaModel, journeys: readonly Journey[], opts: MtaOptions = {}): { credit: Credit; details: Record<string, unknown> } {
  switch (model) {
    case "first_touch": return { credit: firstTouch(journeys), details: {} };
    case "last_touch": return { credit: lastTouch(journeys), details: {} };
    case "linear": return { credit: linear(journeys), details: {} };
    case "time_decay": return { credit: timeDecay(journeys, opts.halfLifeDays), details: { halfLifeDays: opts.halfLifeDays ?? 7 } };
    case "position_based": return { credit: positionBased(journeys, opts.positionEnds), details: { ends: opts.positionEnds ?? 0.4 } };
    case "markov": { const r = markovAttribution(journeys); return { credit: r.credit, details: { conversionProbability: r.conversionProbability, removalEffects: r.removalEffects } }; }
    case "shapley": { const r = shapleyAttribution(journeys, { maxExact: opts.shapleyMaxExact, samples: opts.shapleySamples }); return { credit: r.credit, details: { method: r.method, samples: r.samples, errorBound: r.errorBound } }; }
  }
}
