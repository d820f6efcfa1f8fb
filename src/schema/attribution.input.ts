import { Field, Float, InputType } from "type-graphql";
import { DateScalar, JSONScalar } from "./scalars.js";

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

  @Field(() => String, { description: "mmm or mta." })
  type!: "mmm" | "mta";

  @Field(() => DateScalar, { nullable: true })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true })
  to?: string | null;

  @Field(() => String, { nullable: true, description: "MMM outcome from outcome facts: revenue (default) or conversions." })
  outcome?: "revenue" | "conversions" | null;

  @Field(() => JSONScalar, { nullable: true, description: "MMM options: adstock (geometric|weibull), folds, bootstrap, seed, fourierOrder, passes, level." })
  mmm?: Record<string, unknown> | null;

  @Field(() => [CalibrationInput], { nullable: true })
  calibration?: CalibrationInput[] | null;

  @Field(() => [String], { nullable: true, description: "Experiments whose latest geo analysis calibrates their treatment.channel." })
  calibrationExperimentIds?: string[] | null;

  @Field(() => [String], { nullable: true, description: "MTA methods (default all)." })
  methods?: string[] | null;

  @Field(() => JSONScalar, { nullable: true, description: "MTA options: halfLifeDays, positionEnds, shapleyMaxExact, shapleySamples." })
  mta?: Record<string, unknown> | null;
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

  @Field(() => String, { nullable: true, description: "touch (default) or conversion." })
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
