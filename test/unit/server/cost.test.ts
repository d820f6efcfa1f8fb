import { readFileSync } from "node:fs";
import { buildSchema, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { assertCost, causalExportCost, metricsExportCost, operationCost } from "../../../src/server/cost.js";

// The committed SDL is the schema clients see; a tiny schema with nested pages shows the multiplication.
const schema = buildSchema(readFileSync("schema.graphql", "utf8"));
const nested = buildSchema("type Query { campaigns(first: Int): [Campaign!]! } type Campaign { name: String ads(first: Int): [Ad!]! } type Ad { name: String clicks: Int }");
const cost = (query: string, variables?: Record<string, unknown>, s = schema) => operationCost(s, parse(query), variables).cost;
const FACT_PAGE = "edges { node { spend } }"; // edges 1 + node 1 + spend 1 per item

describe("the query cost model", () => {
  it("prices a page as its size times what each item selects", () => {
    expect(cost(`{ facts(first: 10) { ${FACT_PAGE} } }`)).toBe(1 + 10 * 3);
  });

  it("counts every aliased copy of a field", () => {
    expect(cost(`{ a: facts(first: 10) { ${FACT_PAGE} } b: facts(first: 10) { ${FACT_PAGE} } c: facts(first: 10) { ${FACT_PAGE} } }`)).toBe(3 * 31);
  });

  it("prices facts(last:) by its backward page size, which wins over first", () => {
    expect(cost(`{ facts(last: 500) { edges { cursor } } }`)).toBe(1 + 500 * 2);
    expect(cost(`{ facts(first: 10, last: 500) { edges { cursor } } }`)).toBe(1 + 500 * 2);
  });

  it("reads page sizes from variables and falls back to the schema's default page", () => {
    expect(cost(`query($n: Int!) { facts(first: $n) { ${FACT_PAGE} } }`, { n: 700 })).toBe(1 + 700 * 3);
    expect(cost(`{ facts { ${FACT_PAGE} } }`)).toBe(1 + 100 * 3);
  });

  it("multiplies nested pages", () => {
    // graphql-probe: the nested schema above, not schema.graphql
    expect(cost("{ campaigns(first: 20) { name ads(first: 50) { name clicks } } }", undefined, nested)).toBe(1 + 20 * (1 + (1 + 50 * 2)));
  });

  it("prices metrics by rows times columns: limit rows when there are dimensions", () => {
    const q = `{ metrics(query: { measures: [spend], dimensions: [campaign], dateRange: { from: "2025-01-01", to: "2025-03-31" }, limit: 5000 }) { rows { campaign spend } totalCount } }`;
    // 1 + selection (rows 1 + 2 fields, totalCount 1) + 5000 rows × 2 columns
    expect(cost(q)).toBe(1 + 4 + 5000 * 2);
  });

  it("prices metrics without dimensions by the grain's buckets, twice with a comparison", () => {
    const q = `{ metrics(query: { measures: [spend, revenue, roas], grain: week, dateRange: { from: "2025-01-01", to: "2025-03-31" }, compareTo: { type: previousPeriod } }) { rows { date spend revenue roas } } }`;
    // 90 days = 13 weeks; columns: 3 measures + the grain's date; 2 for compareTo
    expect(cost(q)).toBe(1 + 5 + 13 * 4 * 2);
  });

  it("prices metrics by campaign without a limit at the default page of 1000 rows", () => {
    const q = `{ metrics(query: { measures: [spend], dimensions: [campaign], dateRange: { from: "2025-01-01", to: "2025-01-31" } }) { rows { campaign spend } } }`;
    expect(cost(q)).toBe(1 + 3 + 1000 * 2);
  });

  it("prices metrics by dimensions with few values at their buckets × values, within the page", () => {
    const daily = (limit: number) => `{ metrics(query: { measures: [spend], dimensions: [platform], grain: day, dateRange: { from: "2025-01-01", to: "2025-03-31" }, limit: ${limit} }) { rows { date platform spend } } }`;
    // 90 days × 10 platforms = 900 rows × 3 columns (date, platform, spend)
    expect(cost(daily(5000))).toBe(1 + 4 + 900 * 3);
    expect(cost(daily(100))).toBe(1 + 4 + 100 * 3);
  });

  it("prices a calendar by its days times what each day selects", () => {
    const q = `{ calendar(from: "2016-01-01", to: "2025-12-31") { date isHoliday } }`;
    expect(cost(q)).toBe(1 + 3653 * 2);
    const aliased = Array.from({ length: 40 }, (_, i) => `c${i}: calendar(from: "2016-01-01", to: "2025-12-31") { date isHoliday }`).join(" ");
    expect(cost(`{ ${aliased} }`)).toBe(40 * 7307);
  });

  it("prices a causal panel by its cells and its correlation work, which lags and rolling windows multiply", () => {
    const small = `{ causalDataset(input: { dateRange: { from: "2024-07-04", to: "2024-07-05" }, treatments: ["spend"], calendarControls: false }) { columns } }`;
    // columns: date + 2 default outcomes + 1 treatment; 2 days × 4 + ⌈2 × 16 / 100⌉
    expect(cost(small)).toBe(1 + 1 + 2 * 4 + 1);
    const n = Array.from({ length: 60 }, (_, i) => i + 1);
    const huge = `query($l: [Int!]) { causalDataset(input: { dateRange: { from: "2016-01-01", to: "2025-12-31" }, lags: $l, rollingWindows: $l }) { columns } }`;
    // columns: 1 + 2 + 2 × (1 + 60 + 60) = 245; 3653 days × 245 + ⌈3653 × 245² / 100⌉
    expect(cost(huge, { l: n })).toBe(1 + 1 + 3653 * 245 + 2192714);
  });

  it("prices ask and search at the fixed price of their model calls", () => {
    expect(cost(`{ ask(question: "spend by platform last month") { answer } }`)).toBe(1000 + 1);
    expect(cost(`{ search(query: "black friday", first: 20) { title } }`)).toBe(100 + 20 * 1);
  });

  it("refuses an operation over the limit with the cost, the limit and the costliest fields", () => {
    const q = parse(`{ a: facts(first: 1000) { ${FACT_PAGE} } b: facts(first: 10) { ${FACT_PAGE} } }`);
    expect(() => assertCost(schema, q, undefined, undefined, 3000)).toThrowError(expect.objectContaining({
      message: "This operation's estimated cost is 3032; the limit is 3000 (GRAPHQL_MAX_COST). Costliest fields: a: facts 3001, b: facts 31. " +
        "Ask for smaller pages (first, last, metrics limit), shorter date ranges, fewer lags or rolling windows, or fewer aliased copies.",
      extensions: { code: "QUERY_TOO_COSTLY", cost: 3032, maxCost: 3000, fields: [{ name: "a: facts", cost: 3001 }, { name: "b: facts", cost: 31 }] },
    }));
    expect(assertCost(schema, q, undefined, undefined, 3032)).toBe(3032);
  });
});

describe("the price of a CSV export", () => {
  const small = { dateRange: { from: "2024-07-04", to: "2024-07-05" }, treatments: ["spend"], calendarControls: false };

  it("prices a metrics export as the metrics query of the same input, without the selection's own fields", () => {
    const q = { measures: ["spend"], dimensions: ["platform"], grain: "day", dateRange: { from: "2025-01-01", to: "2025-03-31" } };
    // GraphQL: 1 + rows { date platform spend } (4) + 900 rows × 3 columns; the export: the same without the selection
    expect(cost(`{ metrics(query: { measures: [spend], dimensions: [platform], grain: day, dateRange: { from: "2025-01-01", to: "2025-03-31" } }) { rows { date platform spend } } }`)).toBe(1 + 4 + 900 * 3);
    expect(metricsExportCost(q)).toBe(1 + 900 * 3);
  });

  it("prices a metrics export at the default page whatever its limit, since it streams every row", () => {
    const q = { measures: ["spend"], dimensions: ["campaign"], dateRange: { from: "2025-01-01", to: "2025-01-31" } };
    expect(metricsExportCost(q)).toBe(1 + 1000 * 2);
    expect(metricsExportCost({ ...q, limit: 1 })).toBe(1 + 1000 * 2);
  });

  it("prices a causal dataset export as the causalDataset query of the same input", () => {
    expect(cost(`{ causalDataset(input: { dateRange: { from: "2024-07-04", to: "2024-07-05" }, treatments: ["spend"], calendarControls: false }) { columns } }`)).toBe(1 + 1 + 2 * 4 + 1);
    expect(causalExportCost(small)).toBe(1 + 2 * 4 + 1);
  });

  it("prices unreadable input as absent parts, never as NaN", () => {
    // An unknown dimension can fill the page: 1000 rows × (1 dimension + the grain's column); a day's range when unreadable.
    expect(metricsExportCost({ measures: "spend", dimensions: ["constructor", 7], grain: "__proto__", dateRange: "soon" })).toBe(1 + 1000 * 2);
    expect(metricsExportCost(null)).toBe(1 + 1);
    // treatments unreadable: the service's default two; lags not a list: none. 2 days × (1 + 2 + 2 × 1) + ⌈2 × 25 / 100⌉
    expect(causalExportCost({ ...small, treatments: "spend", lags: { length: 1e9 } })).toBe(1 + 2 * 5 + 1);
  });
});
