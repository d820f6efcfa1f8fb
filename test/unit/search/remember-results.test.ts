import { describe, expect, it } from "vitest";
import { describeExperimentResult } from "../../../src/analytics/search/remember-results.js";

describe("describeExperimentResult", () => {
  it("states each comparison's lift and p-value from the stored result", () => {
    const result = { control: "control", comparisons: [{ variant: "banner", relativeLift: 0.3, pValue: 0.0354884 }] };
    expect(describeExperimentResult("proportions", "orders", result)).toBe("proportions analysis. banner vs control: orders lift 30.0%, p = 0.0355.");
  });

  it("states a geo test's ATT, lift and incremental total", () => {
    const result = { att: 155.5555, lift: 0.0542, incremental: 4666.66, pValue: 0.02 };
    expect(describeExperimentResult("synthetic_control", "Y", result)).toBe("synthetic_control analysis. Y: ATT 155.6 per unit-day, lift 5.4%, incremental 4666.7, p = 0.02.");
  });

  it("says so when there is nothing to compare yet", () => {
    expect(describeExperimentResult("welch", "aov", {})).toBe("welch analysis. no comparison yet.");
  });
});
