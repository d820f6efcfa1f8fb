import type { ConsoleExperimentsQuery } from "../../../generated/graphql";

// The typed analyses of ConsoleExperiments: GeoAnalysis (synthetic control, DiD) or AbAnalysis.
type Analysis = NonNullable<ConsoleExperimentsQuery["experiments"]["edges"][number]["node"]["analysis"]>;
export type GeoResult = Extract<Analysis, { att: number }>;
export type AbResult = Extract<Analysis, { comparisons: unknown }>;

export const isGeo = (a: Analysis | null | undefined): a is GeoResult => !!a && "att" in a;
export const isAb = (a: Analysis | null | undefined): a is AbResult => !!a && "comparisons" in a;
