import { Field, Float, InputType, Int } from "type-graphql";
import type { MmmConfig, MmmRoasPrior } from "../analytics/attribution/mmm/types.js";
import type { MtaOptions } from "../analytics/attribution/mta/attribute.js";
import { AttributionModelType, MmmAdstock, MmmGrain, MmmSelection, ModelOutcome, MtaMethod, TouchpointKind } from "./attribution-enums.js";
import { DateScalar } from "./scalars.js";

@InputType({ description: "A normal prior on a paid channel's ROAS over the data window (Meridian's ROAS prior); the MMM is then the posterior mode." })
export class RoasPriorInput implements MmmRoasPrior {
  @Field(() => String, { description: "Channel (platform) name as in the model's data." })
  channel!: string;

  @Field(() => Float, { description: "Prior mean of the channel's ROAS (incremental outcome ÷ spend)." })
  roas!: number;

  @Field(() => Float, { description: "Prior standard deviation." })
  standardError!: number;
}

@InputType({ description: "Knobs of a marketing mix model fit; every one has a default. An unknown option is a validation error." })
export class MmmOptionsInput implements MmmConfig {
  @Field(() => MmmAdstock, { nullable: true, description: "Adstock shape (default geometric)." })
  adstock?: MmmConfig["adstock"];

  @Field(() => Int, { nullable: true, description: "Time-series cross-validation folds (default 3)." })
  folds?: number;

  @Field(() => Int, { nullable: true, description: "Bootstrap replicates for intervals (default 200)." })
  bootstrap?: number;

  @Field(() => Int, { nullable: true, description: "Seed of the bootstrap (default 1)." })
  seed?: number;

  @Field(() => Int, { nullable: true, description: "Fourier order of yearly seasonality (default 2)." })
  fourierOrder?: number;

  @Field(() => Int, { nullable: true, description: "Coordinate-search passes over the channels (default 2)." })
  passes?: number;

  @Field(() => Float, { nullable: true, description: "Interval level (default 0.9)." })
  level?: number;

  @Field(() => MmmGrain, { nullable: true, description: "Period the model is fitted on (default: chosen from the data window)." })
  grain?: MmmConfig["grain"];

  @Field(() => MmmSelection, { nullable: true, description: "How adstock and saturation are chosen (default MAP with experiments or ROAS priors, CV without)." })
  selection?: MmmConfig["selection"];

  @Field(() => [RoasPriorInput], { nullable: true, description: "Priors on channels' ROAS; experiments given as calibration add their own (a prior on the model's replay of each test)." })
  roasPriors?: RoasPriorInput[];
}

@InputType({ description: "Options of the multi-touch methods; an unknown option is a validation error." })
export class MtaOptionsInput implements MtaOptions {
  @Field(() => Float, { nullable: true, description: "Half-life of time decay in days (default 7)." })
  halfLifeDays?: number;

  @Field(() => Float, { nullable: true, description: "Share for each end of position-based (default 0.4)." })
  positionEnds?: number;

  @Field(() => Int, { nullable: true, description: "Channels up to which Shapley is exact (default 12)." })
  shapleyMaxExact?: number;

  @Field(() => Int, { nullable: true, description: "Permutations for sampled Shapley (default 2000)." })
  shapleySamples?: number;
}

@InputType()
export class CalibrationInput {
  @Field(() => String)
  channel!: string;

  @Field(() => DateScalar)
  start!: string;

  @Field(() => DateScalar)
  end!: string;

  @Field(() => Float, { description: "Incremental outcome the experiment measured in the window." })
  incremental!: number;

  @Field(() => Float)
  standardError!: number;
}

@InputType()
export class TrainAttributionModelInput {
  @Field(() => String)
  name!: string;

  @Field(() => AttributionModelType)
  type!: "mmm" | "mta";

  @Field(() => DateScalar, { nullable: true })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true })
  to?: string | null;

  @Field(() => ModelOutcome, { nullable: true, description: "MMM outcome from outcome facts (default revenue)." })
  outcome?: "revenue" | "conversions" | null;

  @Field(() => MmmOptionsInput, { nullable: true, description: "MMM options." })
  mmm?: MmmOptionsInput | null;

  @Field(() => [CalibrationInput], { nullable: true })
  calibration?: CalibrationInput[] | null;

  @Field(() => [String], { nullable: true, description: "Experiments whose latest geo analysis calibrates their treatment.channel." })
  calibrationExperimentIds?: string[] | null;

  @Field(() => [MtaMethod], { nullable: true, description: "MTA methods (default all)." })
  methods?: MtaMethod[] | null;

  @Field(() => MtaOptionsInput, { nullable: true, description: "MTA options." })
  mta?: MtaOptionsInput | null;
}

@InputType()
export class BudgetConstraintInput {
  @Field(() => String)
  channel!: string;

  @Field(() => Float, { nullable: true, description: "Minimum spend per period." })
  min?: number | null;

  @Field(() => Float, { nullable: true, description: "Maximum spend per period." })
  max?: number | null;
}

@InputType()
export class TouchpointInput {
  @Field(() => String)
  journeyId!: string;

  @Field(() => String, { description: "ISO timestamp." })
  occurredAt!: string;

  @Field(() => TouchpointKind, { nullable: true, description: "touch (default) or conversion." })
  kind?: "touch" | "conversion" | null;

  @Field(() => String, { nullable: true, description: "Landing-page URL; UTM parameters give channel and campaign." })
  url?: string | null;

  @Field(() => String, { nullable: true })
  channel?: string | null;

  @Field(() => String, { nullable: true })
  campaign?: string | null;

  @Field(() => Float, { nullable: true, description: "Conversion value (default 1)." })
  value?: number | null;
}
