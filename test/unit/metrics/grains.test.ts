import { describe, expect, it } from "vitest";
import { bucketLabel, bucketStart } from "../../../src/analytics/metrics/grains.js";
import { compareRange } from "../../../src/analytics/metrics/compare.js";
import { decodeCursor, encodeCursor } from "../../../src/analytics/metrics/cursor.js";

describe("grain buckets", () => {
  it.each([
    ["2021-01-03", "week", 1, "2020-12-28", "2020-W53"],
    ["2024-12-31", "week", 1, "2024-12-30", "2025-W01"],
    ["2024-02-29", "month", 1, "2024-02-01", "2024-02"],
    ["2024-02-29", "quarter", 1, "2024-01-01", "2024-Q1"],
    ["2024-02-29", "fiscalQuarter", 4, "2024-01-01", "FY2024-Q4"],
    ["2024-06-30", "fiscalYear", 7, "2023-07-01", "FY2024"],
    ["2024-07-01", "fiscalMonth", 7, "2024-07-01", "FY2025-M01"],
  ] as const)("%s at %s (fiscal start %i) starts %s, labelled %s", (date, grain, fy, start, label) => {
    expect([bucketStart(date, grain, fy), bucketLabel(bucketStart(date, grain, fy), grain, fy)]).toEqual([start, label]);
  });
});

describe("comparison ranges", () => {
  it("takes the same number of days right before for the previous period", () => {
    expect(compareRange({ from: "2024-03-01", to: "2024-03-31" }, { type: "previousPeriod" })).toEqual({ from: "2024-01-30", to: "2024-02-29" });
  });
  it("moves a leap day to 28 February last year", () => {
    expect(compareRange({ from: "2024-02-01", to: "2024-02-29" }, { type: "samePeriodLastYear" })).toEqual({ from: "2023-02-01", to: "2023-02-28" });
  });
});

describe("cursors", () => {
  it("round-trips an offset for the same query and refuses another query's cursor", () => {
    const q = { measures: ["spend" as const], dateRange: { from: "2024-01-01", to: "2024-01-31" } };
    const c = encodeCursor(40, q);
    expect(decodeCursor(c, { ...q, limit: 20, after: c })).toBe(40);
    expect(() => decodeCursor(c, { ...q, measures: ["clicks"] })).toThrow(/different query/);
    expect(() => decodeCursor("garbage", q)).toThrow(/not valid/);
  });
});
