import { createUnionType, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { CausalMethod } from "./causal-analysis-enums.js";
import { Node } from "./node.js";
import { connectionOf } from "./connection-of.js";

@ObjectType({ description: "A two-sided interval." })
export class CausalInterval {
  @Field(() => Float, { nullable: true }) low!: number | null;
  @Field(() => Float, { nullable: true }) high!: number | null;
}

@ObjectType({ description: "An effect with its standard error and interval." })
export class CausalEffect {
  @Field(() => Float) estimate!: number;
  @Field(() => Float, { nullable: true }) standardError!: number | null;
  @Field(() => CausalInterval) interval!: CausalInterval;
}

@ObjectType()
export class IvFirstStage {
  @Field(() => Float, { nullable: true, description: "Robust Wald F of the excluded instruments." }) fStatistic!: number | null;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => [Float], { description: "Instrument coefficients." }) coefficients!: number[];
  @Field(() => Float, { nullable: true, description: "Partial R² of the instruments." }) partialR2!: number | null;
}

@ObjectType({ description: "Two-stage least squares with HC1 robust errors." })
export class IvAnalysis {
  @Field(() => Float) estimate!: number;
  @Field(() => Float, { nullable: true }) standardError!: number | null;
  @Field(() => CausalInterval) interval!: CausalInterval;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => CausalEffect, { description: "Naive OLS, for comparison (biased when the treatment is confounded)." }) ols!: CausalEffect;
  @Field(() => IvFirstStage) firstStage!: IvFirstStage;
  @Field(() => Boolean, { description: "First-stage F < 10." }) weakInstruments!: boolean;
}

@ObjectType({ description: "McCrary density test at the cutoff." })
export class RddDensityTest {
  @Field(() => Float, { nullable: true, description: "ln f₊ − ln f₋." }) logDifference!: number | null;
  @Field(() => Float, { nullable: true }) standardError!: number | null;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => Boolean) manipulationSuspected!: boolean;
  @Field(() => Float) binSize!: number;
  @Field(() => Float) bandwidth!: number;
}

@ObjectType()
export class RddPlaceboCutoff {
  @Field(() => Float) cutoff!: number;
  @Field(() => Float, { nullable: true }) estimate!: number | null;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => Boolean) passed!: boolean;
}

@ObjectType({ description: "Local-linear regression discontinuity, triangular kernel, robust bias-corrected inference (rdrobust's conventions)." })
export class RddAnalysis {
  @Field(() => String, { description: "sharp or fuzzy." }) design!: string;
  @Field(() => Float) cutoff!: number;
  @Field(() => Float, { description: "Conventional estimate of the jump." }) estimate!: number;
  @Field(() => Float, { nullable: true }) standardError!: number | null;
  @Field(() => CausalInterval, { description: "Conventional interval." }) interval!: CausalInterval;
  @Field(() => Float) biasCorrectedEstimate!: number;
  @Field(() => Float, { nullable: true }) robustStandardError!: number | null;
  @Field(() => CausalInterval, { description: "Robust bias-corrected interval (centred on the bias-corrected estimate)." }) robustInterval!: CausalInterval;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => Float) bandwidth!: number;
  @Field(() => String, { description: "imbens_kalyanaraman or user." }) bandwidthMethod!: string;
  @Field(() => Int) observationsLeft!: number;
  @Field(() => Int) observationsRight!: number;
  @Field(() => Float, { nullable: true, description: "Fuzzy designs: jump in treatment take-up." }) firstStageJump!: number | null;
  @Field(() => RddDensityTest) density!: RddDensityTest;
  @Field(() => [RddPlaceboCutoff]) placebos!: RddPlaceboCutoff[];
}

@ObjectType({ description: "Covariate balance: standardised mean differences before and after adjustment." })
export class BalanceRow {
  @Field(() => String) covariate!: string;
  @Field(() => Float) meanTreated!: number;
  @Field(() => Float) meanControl!: number;
  @Field(() => Float) smdBefore!: number;
  @Field(() => Float) smdMatched!: number;
  @Field(() => Float) smdWeighted!: number;
}

@ObjectType()
export class MatchingEstimates {
  @Field(() => CausalEffect) att!: CausalEffect;
  @Field(() => CausalEffect) ate!: CausalEffect;
  @Field(() => Float, { description: "Caliper on the logit propensity scale." }) caliper!: number;
  @Field(() => Int) matchedTreated!: number;
  @Field(() => Int) unmatchedTreated!: number;
  @Field(() => Int) matchedControls!: number;
  @Field(() => Int) unmatchedControls!: number;
}

@ObjectType()
export class WeightingEstimates {
  @Field(() => CausalEffect) att!: CausalEffect;
  @Field(() => CausalEffect) ate!: CausalEffect;
  @Field(() => Int, { description: "Units dropped by trimming." }) trimmed!: number;
  @Field(() => Float) effectiveSampleSizeTreated!: number;
  @Field(() => Float) effectiveSampleSizeControl!: number;
}

@ObjectType({ description: "Propensity-score matching (1:1 nearest neighbour with caliper) and inverse-probability weighting." })
export class MatchingAnalysis {
  @Field(() => Float) naiveDifference!: number;
  @Field(() => MatchingEstimates) matching!: MatchingEstimates;
  @Field(() => WeightingEstimates) weighting!: WeightingEstimates;
  @Field(() => [BalanceRow]) balance!: BalanceRow[];
  @Field(() => Boolean, { description: "Every |SMD| after adjustment < 0.1." }) balanced!: boolean;
  @Field(() => Int) treatedUnits!: number;
  @Field(() => Int) controlUnits!: number;
  @Field(() => Int) bootstrap!: number;
}

@ObjectType()
export class PrePostPoint {
  @Field(() => String) period!: string;
  @Field(() => Float) actual!: number;
  @Field(() => Float, { description: "Counterfactual." }) predicted!: number;
  @Field(() => Float, { nullable: true }) predictedLow!: number | null;
  @Field(() => Float, { nullable: true }) predictedHigh!: number | null;
  @Field(() => Float) effect!: number;
  @Field(() => Float) cumulativeEffect!: number;
  @Field(() => Float, { nullable: true }) cumulativeLow!: number | null;
  @Field(() => Float, { nullable: true }) cumulativeHigh!: number | null;
}

@ObjectType()
export class PrePostEffect {
  @Field(() => Float, { nullable: true }) estimate!: number | null;
  @Field(() => Float, { nullable: true }) low!: number | null;
  @Field(() => Float, { nullable: true }) high!: number | null;
}

@ObjectType()
export class PrePostFit {
  @Field(() => Float, { nullable: true }) r2!: number | null;
  @Field(() => Float, { nullable: true }) mape!: number | null;
}

@ObjectType({ description: "Pre/post impact: a pre-period model of the outcome on its controls predicts the counterfactual." })
export class PrePostAnalysis {
  @Field(() => [PrePostPoint]) series!: PrePostPoint[];
  @Field(() => PrePostEffect) averageEffect!: PrePostEffect;
  @Field(() => PrePostEffect) cumulativeEffect!: PrePostEffect;
  @Field(() => PrePostEffect) relativeEffect!: PrePostEffect;
  @Field(() => Float, { nullable: true }) pValue!: number | null;
  @Field(() => PrePostFit) preFit!: PrePostFit;
  @Field(() => Float) residualAutocorrelation!: number;
  @Field(() => Int) prePeriods!: number;
  @Field(() => Int) postPeriods!: number;
}

export const CausalAnalysisResult = createUnionType({
  name: "CausalAnalysisResult",
  types: () => [IvAnalysis, RddAnalysis, MatchingAnalysis, PrePostAnalysis] as const,
  resolveType: (v) => ("firstStage" in v ? "IvAnalysis" : "design" in v ? "RddAnalysis" : "naiveDifference" in v ? "MatchingAnalysis" : "PrePostAnalysis"),
});

@ObjectType({ description: "A robustness check beside the estimate (after DoWhy's refuters)." })
export class CausalRefutation {
  @Field(() => String, { description: "placebo_treatment, placebo_outcome, random_common_cause, data_subset, placebo_period, placebo_cutoff or density." }) check!: string;
  @Field(() => Float, { nullable: true }) originalEstimate!: number | null;
  @Field(() => Float, { nullable: true }) newEstimate!: number | null;
  @Field(() => Boolean) passed!: boolean;
  @Field(() => String) detail!: string;
}

@ObjectType()
export class CausalVerdict {
  @Field(() => Boolean) passed!: boolean;
  @Field(() => String) summary!: string;
}

@ObjectType({ implements: Node, description: "A stored observational analysis." })
export class CausalAnalysis extends Node {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => CausalMethod) method!: CausalMethod;
  @Field(() => Int, { description: "Rows used." }) observations!: number;
  @Field(() => Int, { description: "Rows left out for a missing value in a used column." }) droppedRows!: number;
  @Field(() => CausalAnalysisResult) result!: typeof CausalAnalysisResult;
  @Field(() => [CausalRefutation]) refutations!: CausalRefutation[];
  @Field(() => CausalVerdict) verdict!: CausalVerdict;
  @Field(() => [String], { description: "What to watch out for, in words." }) warnings!: string[];
  @Field(() => Date) createdAt!: Date;
}

@ObjectType()
export class ThompsonArm {
  @Field(() => String, { description: "Platform id or campaign id." }) key!: string;
  @Field(() => Float, { description: "Average spend per day in the range." }) currentSpend!: number;
  @Field(() => Float) recommendedSpend!: number;
  @Field(() => Float) share!: number;
  @Field(() => Float, { description: "Share of posterior draws in which this arm was best." }) probabilityBest!: number;
  @Field(() => Float, { description: "Posterior mean value per unit of spend (ROAS, or conversions per unit)." }) valuePerSpend!: number;
  @Field(() => CausalInterval, { description: "90 % posterior interval of value per unit of spend." }) valueInterval!: CausalInterval;
  @Field(() => Int, { description: "Days of data." }) observations!: number;
}

@ObjectType({ description: "A Thompson-sampling split of a daily budget." })
export class ThompsonBudgetRecommendation {
  @Field(() => String) model!: string;
  @Field(() => Float) budget!: number;
  @Field(() => String) currency!: string;
  @Field(() => [ThompsonArm]) arms!: ThompsonArm[];
  @Field(() => Float, { description: "Value of the split under the posterior means." }) expectedValue!: number;
  @Field(() => [String], { description: "Arms left out for having no spend in the range." }) skipped!: string[];
  @Field(() => Int) seed!: number;
}

export const CausalAnalysisConnection = connectionOf(CausalAnalysis, "CausalAnalysis");
