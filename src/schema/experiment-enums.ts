import { registerEnumType } from "type-graphql";

export enum ExperimentType { ab = "ab", geo = "geo", holdout = "holdout", pre_post = "pre_post" }
registerEnumType(ExperimentType, { name: "ExperimentType", description: "A/B split, geo test, holdout, or pre/post." });

export enum ExperimentStatus { draft = "draft", running = "running", completed = "completed", archived = "archived" }
registerEnumType(ExperimentStatus, { name: "ExperimentStatus" });

export enum MetricType { binary = "binary", continuous = "continuous" }
registerEnumType(MetricType, { name: "ExperimentMetricType", description: "binary: conversions (two-proportion test); continuous: means (Welch / CUPED)." });

export enum ExperimentDataKind { aggregate = "aggregate", unit = "unit", geo = "geo" }
registerEnumType(ExperimentDataKind, { name: "ExperimentDataKind" });

export enum GeoMethod { synthetic_control = "synthetic_control", did = "did" }
registerEnumType(GeoMethod, { name: "GeoMethod", description: "Synthetic control (default) or difference-in-differences." });

export enum AnalysisMethod { welch = "welch", cuped = "cuped", proportions = "proportions", synthetic_control = "synthetic_control", did = "did" }
registerEnumType(AnalysisMethod, { name: "AnalysisMethod", description: "welch (means), cuped (means adjusted by a pre-period covariate), proportions (two-proportion z test), synthetic_control or did (geo)." });

export enum BayesianMethod { beta_binomial = "beta-binomial", normal = "normal" }
registerEnumType(BayesianMethod, { name: "BayesianMethod", description: "beta_binomial (exact, conversions) or normal (approximation, means)." });
