import { Node } from "./node.js";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
export { ExperimentAnalysis } from "./experiment-analysis.type.js";
import { DateScalar } from "./scalars.js";
import { ExperimentStatus, ExperimentType, MetricType } from "./experiment-enums.js";
import { connectionOf } from "./connection-of.js";

@ObjectType()
export class ExperimentVariant {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: "Planned share (relative weight) of units." })
  weight!: number;

  @Field(() => Boolean)
  control!: boolean;
}

@ObjectType({ description: "What was treated besides variants and geos." })
export class ExperimentTreatment {
  @Field(() => [String], { nullable: true })
  campaigns?: string[];

  @Field(() => [String], { nullable: true })
  connections?: string[];

  @Field(() => String, { nullable: true, description: "The MMM channel this experiment measures (used for calibration)." })
  channel?: string;

  @Field(() => Float, { nullable: true, description: "Change of the channel's spend the treatment caused over the window, reporting currency (negative for a holdout)." })
  spendChange?: number | null;

  @Field(() => Float, { nullable: true, description: "What the treated geos' spend was multiplied by (0 = go dark)." })
  spendMultiplier?: number | null;
}

@ObjectType({ implements: Node })
export class Experiment {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  hypothesis!: string | null;

  @Field(() => ExperimentType)
  type!: ExperimentType;

  @Field(() => ExperimentStatus)
  status!: ExperimentStatus;

  @Field(() => DateScalar, { nullable: true })
  startDate!: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate!: string | null;

  @Field(() => [ExperimentVariant])
  variants!: ExperimentVariant[];

  @Field(() => [String])
  treatedGeos!: string[];

  @Field(() => [String])
  controlGeos!: string[];

  @Field(() => ExperimentTreatment)
  treatment!: ExperimentTreatment;

  @Field(() => String, { nullable: true })
  randomizationUnit!: string | null;

  @Field(() => String)
  primaryMetric!: string;

  @Field(() => MetricType)
  metricType!: MetricType;

  @Field(() => [String])
  secondaryMetrics!: string[];

  @Field(() => Float)
  alpha!: number;

  @Field(() => Float, { nullable: true })
  plannedPower!: number | null;

  @Field(() => Float, { nullable: true })
  plannedMde!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType()
export class ExperimentDataResult {
  @Field(() => Int)
  aggregates!: number;

  @Field(() => Int)
  units!: number;

  @Field(() => Int)
  geoRows!: number;
}

@ObjectType({ description: "Two-arm power calculation (normal approximation, two-sided)." })
export class PowerResult {
  @Field(() => Int, { nullable: true, description: "Units per arm to detect the MDE." })
  sampleSizePerArm!: number | null;

  @Field(() => Float, { nullable: true, description: "Smallest absolute effect detectable with n per arm." })
  minimumDetectableEffect!: number | null;
}

export const ExperimentConnection = connectionOf(Experiment, "Experiment");
