import { describe, expect, it } from "vitest";
import { createCvEvaluator } from "../../../src/analytics/attribution/mmm/cv-gram.js";
import { cvScore } from "../../../src/analytics/attribution/mmm/search.js";
import { seededRandom } from "../../../src/analytics/stats/descriptive.js";

describe("incremental CV evaluator", () => {
  const rand = seededRandom(3);
  const n = 200;
  const col = () => Float64Array.from({ length: n }, () => rand() * 10);
  const cols = [col(), col(), col(), col()];
  const y = Float64Array.from({ length: n }, (_, i) => 2 * cols[0]![i]! - 1 * cols[1]![i]! + 0.5 * cols[2]![i]! + rand() * 3);
  const nonNeg = [true, true, false, false];

  it("scores exactly as the direct ridge cross-validation, including dropped negative media columns", () => {
    const cv = createCvEvaluator(cols, y, 3, nonNeg);
    const direct = cvScore(cols, y, 1e-3, nonNeg, 3);
    expect(cv.score(1e-3).rmse).toBeCloseTo(direct.rmse, 9);
    expect(cv.score(1e-3).se).toBeCloseTo(direct.se, 9);
  });
  it("stays exact after a column is replaced", () => {
    const cv = createCvEvaluator(cols, y, 3, nonNeg);
    const replaced = col();
    cv.setColumn(2, replaced);
    const direct = cvScore([cols[0]!, cols[1]!, replaced, cols[3]!], y, 1e-2, nonNeg, 3);
    expect(cv.score(1e-2).rmse).toBeCloseTo(direct.rmse, 9);
  });
});
