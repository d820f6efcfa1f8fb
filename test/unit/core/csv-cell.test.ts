import { describe, expect, it } from "vitest";
import { csvText } from "../../../src/csv-cell.js";

describe("csvText", () => {
  it("prefixes cells a spreadsheet would run as formulas with a quote, and leaves numbers and ordinary text alone", () => {
    const cases: [string, string][] = [
      ["=1+1", "'=1+1"], ["+SUM(A1)", "'+SUM(A1)"], ["-2+3", "'-2+3"], ["@cmd", "'@cmd"], ["\tx", "'\tx"], ["\r=x", "'\r=x"],
      ["-12.50", "-12.50"], ["+3", "+3"], ["-1e5", "-1e5"], ["Brand = search", "Brand = search"], ["", ""], ["a-b", "a-b"],
    ];
    expect(cases.map(([v]) => csvText(v))).toEqual(cases.map(([, out]) => out));
  });
});
