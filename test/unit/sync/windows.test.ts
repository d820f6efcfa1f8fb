import { describe, expect, it } from "vitest";
import { addDays, isIsoDate, planRange, splitWindows } from "../../../src/sync/windows.js";

describe("splitWindows", () => {
  it("caps each window at maxDays, oldest first, the last one short", () => {
    expect(splitWindows({ start: "2024-01-30", end: "2024-03-02" }, 14)).toEqual([
      { start: "2024-01-30", end: "2024-02-12" },
      { start: "2024-02-13", end: "2024-02-26" },
      { start: "2024-02-27", end: "2024-03-02" },
    ]);
  });
  it("gives one-day windows for maxDays 1 and nothing for an empty range", () => {
    expect(splitWindows({ start: "2024-02-28", end: "2024-03-01" }, 1).map((w) => w.start)).toEqual(["2024-02-28", "2024-02-29", "2024-03-01"]);
    expect(splitWindows({ start: "2024-03-02", end: "2024-03-01" }, 7)).toEqual([]);
  });
});

describe("planRange", () => {
  it("re-reads the lookback before the saved cursor", () => {
    expect(planRange({ today: "2024-03-31", cursor: "2024-03-20", lookbackDays: 3 })).toEqual({ start: "2024-03-18", end: "2024-03-31" });
    expect(planRange({ today: "2024-03-31", cursor: "2024-03-20", lookbackDays: 0 })).toEqual({ start: "2024-03-21", end: "2024-03-31" });
  });
  it("starts a first sync at the config's startDate, else 90 days back", () => {
    expect(planRange({ today: "2024-03-31", lookbackDays: 3, startDate: "2024-01-15" })).toEqual({ start: "2024-01-15", end: "2024-03-31" });
    expect(planRange({ today: "2024-03-31", lookbackDays: 3 })).toEqual({ start: "2024-01-02", end: "2024-03-31" });
  });
  it("reads an explicit range as given, whatever the cursor", () => {
    expect(planRange({ today: "2024-03-31", cursor: "2024-03-20", lookbackDays: 3, range: { start: "2023-01-01", end: "2023-01-31" } })).toEqual({ start: "2023-01-01", end: "2023-01-31" });
  });
});

describe("dates", () => {
  it("adds days across month and leap-year ends", () => {
    expect([addDays("2024-02-28", 1), addDays("2024-03-01", -1), addDays("2023-12-31", 1)]).toEqual(["2024-02-29", "2024-02-29", "2024-01-01"]);
  });
  it("accepts only real calendar dates", () => {
    expect(["2024-02-29", "2023-02-29", "2024-13-01", "2024-1-01", 20240101].map(isIsoDate)).toEqual([true, false, false, false, false]);
  });
});
