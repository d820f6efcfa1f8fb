import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { GraphQLDateTime, GraphQLJSON, GraphQLSafeInt } from "graphql-scalars";
import { isIsoDate } from "../analytics/facts/validate-fact.js";

const dateError = (v: unknown) =>
  new GraphQLError(`Date must be a calendar day in YYYY-MM-DD form, got ${JSON.stringify(v)}.`, { extensions: { code: "BAD_USER_INPUT" } });

/** A calendar day as "YYYY-MM-DD" (no time, no zone). */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: "Date",
  description: "A calendar day, YYYY-MM-DD (the platform's reporting day; no time zone).",
  serialize: (v) => {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (typeof v === "string" && isIsoDate(v)) return v;
    throw dateError(v);
  },
  parseValue: (v) => {
    if (typeof v === "string" && isIsoDate(v)) return v;
    throw dateError(v);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING && isIsoDate(ast.value)) return ast.value;
    throw dateError(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});

const DECIMAL = /^-?\d+(\.\d+)?$/;
const decimalError = (v: unknown) =>
  new GraphQLError(`Decimal must be a number or a decimal string such as "12.34", got ${JSON.stringify(v)}.`, { extensions: { code: "BAD_USER_INPUT" } });

/** Exact decimal money and counts, sent as strings so no precision is lost. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: "Decimal",
  description: "An exact decimal number, serialized as a string (money is never a float).",
  serialize: (v) => {
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v === "string" && DECIMAL.test(v)) return v;
    throw decimalError(v);
  },
  parseValue: (v) => {
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v === "string" && DECIMAL.test(v.trim())) return v.trim();
    throw decimalError(v);
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
      if (DECIMAL.test(ast.value)) return ast.value;
    }
    throw decimalError(ast.kind === Kind.STRING ? ast.value : ast.kind);
  },
});

export const DateTimeScalar = GraphQLDateTime;
export const JSONScalar = GraphQLJSON;
/** Integers up to 2^53 − 1 (impressions and clicks outgrow GraphQL's 32-bit Int). */
export const SafeIntScalar = GraphQLSafeInt;
