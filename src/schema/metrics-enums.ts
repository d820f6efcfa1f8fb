import { registerEnumType } from "type-graphql";
import { COLUMN_ROLES, COLUMN_TYPES } from "../analytics/metrics/plan.js";
import { DIMENSIONS, GRAINS, MEASURES } from "../analytics/metrics/query.js";

export const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

/** Measures; the derived ones (cpm … aov) are ratios of sums. Values equal the result's column names. */
export const MetricMeasure = enumOf(MEASURES);
registerEnumType(MetricMeasure, { name: "MetricMeasure", description: "A measure; derived ones are ratios of sums (division by zero gives null)." });

export const MetricDimension = enumOf(DIMENSIONS);
registerEnumType(MetricDimension, { name: "MetricDimension", description: "A dimension: ad hierarchy, breakdown fields, or a calendar attribute." });

export const MetricGrain = enumOf(GRAINS);
registerEnumType(MetricGrain, { name: "MetricGrain", description: "Time grain: day, ISO week, month, quarter, year, or fiscal month/quarter/year." });

export enum CompareType { previousPeriod = "previousPeriod", samePeriodLastYear = "samePeriodLastYear", custom = "custom" }
registerEnumType(CompareType, { name: "CompareType" });

export enum DimensionOperator { equals = "equals", in = "in", notIn = "notIn", contains = "contains" }
registerEnumType(DimensionOperator, { name: "DimensionOperator", description: "Compared as text; booleans are \"true\"/\"false\"." });

export enum MeasureOperator { gt = "gt", gte = "gte", lt = "lt", lte = "lte", eq = "eq", neq = "neq" }
registerEnumType(MeasureOperator, { name: "MeasureOperator" });

export enum SortDirection { asc = "asc", desc = "desc" }
registerEnumType(SortDirection, { name: "SortDirection" });

export const ColumnRole = enumOf(COLUMN_ROLES);
registerEnumType(ColumnRole, { name: "MetricsColumnRole", description: "What a result column holds." });

export const ColumnType = enumOf(COLUMN_TYPES);
registerEnumType(ColumnType, { name: "MetricsColumnType", description: "string | number | boolean | money (exact decimal string) | decimal (exact decimal string, e.g. conversions) | date (YYYY-MM-DD)." });
