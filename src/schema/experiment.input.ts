import { Field, Float, InputType } from "type-graphql";
import { DateScalar } from "./scalars.js";
import { ExperimentDataKind, ExperimentStatus, ExperimentType, GeoMethod, MetricType } from "./experiment-enums.js";

@InputType()
export class VariantInput {
  @Field(() => String)
  name!: string;

  @Field(() => Float, { nullable: true, description: "Planned weight (default 1)." })
  weight?: number | null;

  @Field(() => Boolean, { nullable: true, description: "The control (default: the first variant)." })
  control?: boolean | null;
}

@InputType()
export class TreatmentInput {
  @Field(() => [String], { nullable: true })
  campaigns?: string[];

  @Field(() => [String], { nullable: true })
  connections?: string[];

  @Field(() => String, { nullable: true })
  channel?: string;

  @Field(() => Float, { nullable: true, description: "How much the treatment changed the channel's spend over the test window, in the reporting currency (negative for a holdout); gives the analysis its iROAS and lets the MMM calibrate the channel's return." })
  spendChange?: number | null;

  @Field(() => Float, { nullable: true, description: "What the treated geos' spend was multiplied by (0 = go dark, the default for a spend cut; 2 = doubled)." })
  spendMultiplier?: number | null;
}

@InputType()
export class UpdateExperimentInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  hypothesis?: string | null;

  @Field(() => ExperimentStatus, { nullable: true })
  status?: ExperimentStatus;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate?: string | null;

  @Field(() => [VariantInput], { nullable: true })
  variants?: VariantInput[];

  @Field(() => [String], { nullable: true })
  treatedGeos?: string[];

  @Field(() => [String], { nullable: true })
  controlGeos?: string[];

  @Field(() => TreatmentInput, { nullable: true })
  treatment?: TreatmentInput;

  @Field(() => String, { nullable: true })
  randomizationUnit?: string | null;

  @Field(() => MetricType, { nullable: true })
  metricType?: MetricType;

  @Field(() => [String], { nullable: true })
  secondaryMetrics?: string[];

  @Field(() => Float, { nullable: true })
  alpha?: number;

  @Field(() => Float, { nullable: true })
  plannedPower?: number | null;

  @Field(() => Float, { nullable: true })
  plannedMde?: number | null;
}

@InputType()
export class CreateExperimentInput extends UpdateExperimentInput {
  @Field(() => String)
  declare name: string;

  @Field(() => ExperimentType)
  type!: ExperimentType;

  @Field(() => String)
  primaryMetric!: string;
}

@InputType()
export class VariantAggregateInput {
  @Field(() => String)
  variant!: string;

  @Field(() => Float)
  n!: number;

  @Field(() => Float)
  sum!: number;

  @Field(() => Float)
  sumSquares!: number;

  @Field(() => Float, { nullable: true, description: "CUPED: Σ pre-period covariate." })
  covariateSum?: number | null;

  @Field(() => Float, { nullable: true })
  covariateSumSquares?: number | null;

  @Field(() => Float, { nullable: true, description: "Σ metric × covariate." })
  crossSum?: number | null;
}

@InputType()
export class UnitObservationInput {
  @Field(() => String)
  unitId!: string;

  @Field(() => String)
  variant!: string;

  @Field(() => Float)
  value!: number;

  @Field(() => Float, { nullable: true })
  covariate?: number | null;
}

@InputType()
export class GeoObservationInput {
  @Field(() => String)
  geo!: string;

  @Field(() => DateScalar)
  date!: string;

  @Field(() => Float)
  value!: number;
}

@InputType({ description: "Build the geo × day panel from facts broken down by one geo field." })
export class GeoPanelFromFactsInput {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;

  @Field(() => String, { nullable: true, description: "Breakdown field holding the geo (default region)." })
  geoField?: string | null;

  @Field(() => String, { nullable: true, description: "revenue (default) or conversions." })
  measure?: "revenue" | "conversions" | null;

  @Field(() => String, { nullable: true, description: "outcome (the business's own results, default) or media." })
  kind?: "outcome" | "media" | null;
}

@InputType({ description: "Experiment data: aggregates, unit rows, geo rows, one CSV (with csvKind), or a geo panel from facts." })
export class ExperimentDataInput {
  @Field(() => String, { nullable: true, description: "Metric (default: the primary metric)." })
  metric?: string | null;

  @Field(() => [VariantAggregateInput], { nullable: true })
  aggregates?: VariantAggregateInput[];

  @Field(() => [UnitObservationInput], { nullable: true })
  units?: UnitObservationInput[];

  @Field(() => [GeoObservationInput], { nullable: true })
  geoRows?: GeoObservationInput[];

  @Field(() => String, { nullable: true, description: "CSV with a header: aggregate (variant,n,sum,sum_squares[,covariate_sum,covariate_sum_squares,cross_sum]), unit (unit_id,variant,value[,covariate]) or geo (geo,date,value)." })
  csv?: string | null;

  @Field(() => ExperimentDataKind, { nullable: true })
  csvKind?: ExperimentDataKind | null;

  @Field(() => GeoPanelFromFactsInput, { nullable: true })
  fromFacts?: GeoPanelFromFactsInput | null;
}

@InputType()
export class PowerInput {
  @Field(() => Float, { description: "Baseline mean, or conversion rate when binary." })
  baseline!: number;

  @Field(() => Float, { nullable: true, description: "Per-unit variance (continuous metrics)." })
  variance?: number | null;

  @Field(() => Boolean, { nullable: true })
  binary?: boolean | null;

  @Field(() => Float, { nullable: true, defaultValue: 0.05 })
  alpha?: number;

  @Field(() => Float, { nullable: true, defaultValue: 0.8 })
  power?: number;

  @Field(() => Float, { nullable: true, description: "Give the MDE (absolute) to get a sample size …" })
  mde?: number | null;

  @Field(() => Float, { nullable: true, description: "… or n per arm to get the MDE." })
  n?: number | null;
}

export { GeoMethod };
