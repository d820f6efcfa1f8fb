import { registerEnumType } from "type-graphql";

export enum AttributionModelType { mmm = "mmm", mta = "mta" }
registerEnumType(AttributionModelType, { name: "AttributionModelType", description: "mmm (marketing mix model) or mta (multi-touch attribution)." });

export enum AttributionModelStatus { queued = "queued", training = "training", ready = "ready", failed = "failed", cancelled = "cancelled" }
registerEnumType(AttributionModelStatus, { name: "AttributionModelStatus" });

export enum AttributionMethod {
  mmm = "mmm", first_touch = "first_touch", last_touch = "last_touch", linear = "linear",
  time_decay = "time_decay", position_based = "position_based", markov = "markov", shapley = "shapley",
}
registerEnumType(AttributionMethod, { name: "AttributionMethod", description: "mmm, or one of the multi-touch methods." });

export enum MmmAdstock { geometric = "geometric", weibull = "weibull" }
registerEnumType(MmmAdstock, { name: "MmmAdstock" });

export enum MmmGrain { DAY = "day", WEEK = "week", MONTH = "month" }
registerEnumType(MmmGrain, { name: "MmmGrain", description: "Period a marketing mix model is fitted on." });

export enum MmmSelection { MAP = "map", CV = "cv" }
registerEnumType(MmmSelection, { name: "MmmSelection", description: "How an MMM chooses each channel's adstock and saturation: MAP (posterior mode: fit plus priors) or CV (time-series cross-validation)." });

export enum ModelOutcome { revenue = "revenue", conversions = "conversions" }
registerEnumType(ModelOutcome, { name: "ModelOutcome", description: "The business outcome an MMM explains (from outcome facts)." });

export enum ShapleyMethod { exact = "exact", sampled = "sampled" }
registerEnumType(ShapleyMethod, { name: "ShapleyMethod" });

export enum TouchpointKind { touch = "touch", conversion = "conversion" }
registerEnumType(TouchpointKind, { name: "TouchpointKind" });

export enum MtaMethod {
  first_touch = "first_touch", last_touch = "last_touch", linear = "linear",
  time_decay = "time_decay", position_based = "position_based", markov = "markov", shapley = "shapley",
}
registerEnumType(MtaMethod, { name: "MtaMethod", description: "A multi-touch attribution method." });
