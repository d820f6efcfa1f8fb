import { Field, Float, InputType, Int } from "type-graphql";
import { CausalDatasetInput } from "./causal-dataset.type.js";
import { DateRangeInput } from "./date-range.input.js";
import { BanditModel, BudgetArmLevel, CausalMethod } from "./causal-analysis-enums.js";

@InputType({ description: "Inline data: column names and one array of values per row (null for missing)." })
export class CausalRowsInput {
  @Field(() => [String]) columns!: string[];
  @Field(() => [[Float]], { nullable: "itemsAndList" }) values!: (number | null)[][];
}

@InputType({ description: "Journeys from the touchpoints that started in the range: one row each with converted, value, touches_<channel> and exposed_<channel>." })
export class TouchpointPanelInput {
  @Field(() => DateRangeInput) dateRange!: DateRangeInput;
}

@InputType({ description: "Instrumental variables (2SLS): column names of each role." })
export class IvOptionsInput {
  @Field(() => String) outcome!: string;
  @Field(() => String, { description: "The endogenous treatment." }) treatment!: string;
  @Field(() => [String], { description: "Instruments: move the treatment, reach the outcome only through it." }) instruments!: string[];
  @Field(() => [String], { nullable: true, description: "Exogenous controls, in both stages." }) controls?: string[];
}

@InputType({ description: "Regression discontinuity: treatment starts at running ≥ cutoff." })
export class RddOptionsInput {
  @Field(() => String) running!: string;
  @Field(() => String) outcome!: string;
  @Field(() => String, { nullable: true, description: "Treatment received, for a fuzzy design; omit for sharp." }) treatment?: string;
  @Field(() => Float) cutoff!: number;
  @Field(() => Float, { nullable: true, description: "Bandwidth; default Imbens–Kalyanaraman MSE-optimal." }) bandwidth?: number;
}

@InputType({ description: "Propensity-score matching and weighting." })
export class MatchingOptionsInput {
  @Field(() => String) outcome!: string;
  @Field(() => String, { description: "0/1 treatment column." }) treatment!: string;
  @Field(() => [String], { description: "Pre-treatment covariates of the propensity model." }) covariates!: string[];
  @Field(() => Float, { nullable: true, description: "Caliper in SDs of the logit propensity (default 0.2)." }) caliper?: number;
  @Field(() => Float, { nullable: true, description: "Trim propensities outside [trim, 1 − trim] before weighting (default 0.01)." }) trim?: number;
  @Field(() => Int, { nullable: true, description: "Bootstrap replications (default 200)." }) bootstrap?: number;
}

@InputType({ description: "Pre/post impact of a change that hit one series (or a set of units) at once." })
export class PrePostOptionsInput {
  @Field(() => String) outcome!: string;
  @Field(() => [String], { nullable: true, description: "Control series columns (date tables)." }) controls?: string[];
  @Field(() => String, { nullable: true, description: "The period column (default date)." }) period?: string;
  @Field(() => String, { nullable: true, description: "For date × unit panels: the unit column; other units become the controls." }) unit?: string;
  @Field(() => [String], { nullable: true, description: "Treated units, with unit." }) treatedUnits?: string[];
  @Field(() => String, { description: "First period of the change." }) interventionStart!: string;
  @Field(() => Boolean, { nullable: true, description: "Add a linear trend (default false)." }) trend?: boolean;
}

@InputType({ description: "An observational analysis: the method, its options, and exactly one data source." })
export class CausalAnalysisInput {
  @Field(() => String) name!: string;
  @Field(() => CausalMethod) method!: CausalMethod;
  @Field(() => CausalRowsInput, { nullable: true }) rows?: CausalRowsInput;
  @Field(() => String, { nullable: true, description: "CSV text with a header row." }) csv?: string;
  @Field(() => CausalDatasetInput, { nullable: true, description: "A panel built from the facts." }) dataset?: CausalDatasetInput;
  @Field(() => TouchpointPanelInput, { nullable: true, description: "One row per journey built from the touchpoints." }) touchpoints?: TouchpointPanelInput;
  @Field(() => IvOptionsInput, { nullable: true }) iv?: IvOptionsInput;
  @Field(() => RddOptionsInput, { nullable: true }) rdd?: RddOptionsInput;
  @Field(() => MatchingOptionsInput, { nullable: true }) matching?: MatchingOptionsInput;
  @Field(() => PrePostOptionsInput, { nullable: true }) prePost?: PrePostOptionsInput;
  @Field(() => Float, { nullable: true, description: "1 − confidence of intervals (default 0.05)." }) alpha?: number;
  @Field(() => Int, { nullable: true, description: "Seed of bootstraps and refutations (default 1)." }) seed?: number;
}

@InputType()
export class BudgetArmBoundInput {
  @Field(() => String, { description: "Platform id or campaign id." }) key!: string;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
}

@InputType({ description: "Split a daily budget by Thompson sampling over the arms' results in a range." })
export class RecommendBudgetInput {
  @Field(() => DateRangeInput) dateRange!: DateRangeInput;
  @Field(() => BudgetArmLevel, { nullable: true, description: "Default platform." }) level?: BudgetArmLevel;
  @Field(() => BanditModel, { nullable: true, description: "Default gaussian_roas." }) model?: BanditModel;
  @Field(() => Float, { description: "Budget per day, in the reporting currency." }) budget!: number;
  @Field(() => Float, { nullable: true, description: "Share of the budget each arm keeps (default 0.05)." }) explorationFloor?: number;
  @Field(() => [BudgetArmBoundInput], { nullable: true }) bounds?: BudgetArmBoundInput[];
  @Field(() => [String], { nullable: true, description: "Only these platforms." }) platforms?: string[];
  @Field(() => Int, { nullable: true, description: "Posterior draws (default 2000)." }) draws?: number;
  @Field(() => Int, { nullable: true }) seed?: number;
}
