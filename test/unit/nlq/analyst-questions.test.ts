import { describe, expect, it } from "vitest";
import { parseQuestion, type Interpretation } from "../../../src/analytics/nlq/rule-parser.js";
import { canonical, QUESTIONS, TODAY, VOCABULARY, type Expected } from "./analyst-questions.js";

function verdict(i: Interpretation, e: Expected): boolean {
  if ("refuse" in e) return i.query === null && !i.causal;
  if ("causal" in e) return !!i.causal && JSON.stringify(i.causal) === JSON.stringify(e.causal);
  return !i.causal && JSON.stringify(canonical(i.query)) === JSON.stringify(canonical(e));
}

describe("the public analyst question set (rule parser)", () => {
  const results = QUESTIONS.map(([q, e]) => ({ q, e, i: parseQuestion(q, { today: TODAY, vocabulary: VOCABULARY }) }));
  const wrong = results.filter((r) => !verdict(r.i, r.e));
  const accuracy = (results.length - wrong.length) / results.length;

  it("holds at least 150 questions", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(150);
  });

  it("parses at least 95 % of them exactly (printed: parse accuracy and the misses)", () => {
    console.log(`ask parse accuracy: ${results.length - wrong.length}/${results.length} = ${(accuracy * 100).toFixed(1)} %`);
    for (const w of wrong) console.log(`  miss: ${w.q}\n    got ${JSON.stringify(w.i.causal ?? w.i.query)} ${w.i.notUnderstood.join("; ")}\n    want ${JSON.stringify(w.e)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it.each(QUESTIONS.filter(([, e]) => "refuse" in e))("refuses %s and says what it did not understand", (q) => {
    const i = parseQuestion(q, { today: TODAY, vocabulary: VOCABULARY });
    expect(i.query).toBeNull();
    expect(i.notUnderstood.length).toBeGreaterThan(0);
  });
});
