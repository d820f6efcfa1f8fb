import { registerEnumType } from "type-graphql";

export enum CausalMethod {
  instrumental_variables = "instrumental_variables",
  regression_discontinuity = "regression_discontinuity",
  propensity_matching = "propensity_matching",
  pre_post_impact = "pre_post_impact",
}
registerEnumType(CausalMethod, { name: "CausalMethod", description: "Observational method: 2SLS, regression discontinuity, propensity matching/weighting, or pre/post impact." });

export enum BanditModel { beta_binomial = "beta_binomial", gaussian_roas = "gaussian_roas" }
registerEnumType(BanditModel, { name: "BanditModel", description: "beta_binomial: conversions per click, per unit of spend at the observed CPC; gaussian_roas: revenue per unit of spend." });

export enum BudgetArmLevel { platform = "platform", campaign = "campaign" }
registerEnumType(BudgetArmLevel, { name: "BudgetArmLevel", description: "What the budget is split across." });
