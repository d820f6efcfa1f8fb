/**
 * `ask` over the whole public analyst question set (test/unit/nlq/analyst-questions.ts) on the sandbox
 * org, on the embedded database: parse accuracy (the rule parser's query is the expected one) and answer
 * accuracy (the answer's rows are exactly those of the expected metrics query, causal questions get
 * estimates, refusals quote no number), with the time per question.
 *
 *   npx tsx bench/nlq/ask-accuracy.ts
 *
 * The test suite runs every fourth question (test/db/ask-answers.test.ts); this runs all of them.
 */
import { isDeepStrictEqual } from "node:util";
import { performance } from "node:perf_hooks";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope } from "../../src/db/scope.js";
import { ask } from "../../src/analytics/nlq/ask.service.js";
import { parseQuestion } from "../../src/analytics/nlq/rule-parser.js";
import { loadOrgVocabulary } from "../../src/analytics/nlq/org-vocabulary.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";
import { withoutUnpaidChannels } from "../../src/analytics/nlq/spend-ratios.js";
import { seedSandboxOrg } from "../../test/db/sandbox-org-fixture.js";
import { canonical, QUESTIONS, TODAY } from "../../test/unit/nlq/analyst-questions.js";

const database = await openDatabase({});
await migrate(database);
const org = orgScope(database, (await seedSandboxOrg(database, { slug: "sandbox" })).orgId);
const vocabulary = await loadOrgVocabulary(org);

let parsed = 0, answered = 0;
const misses: string[] = [];
const times: number[] = [];
for (const [q, e] of QUESTIONS) {
  const i = parseQuestion(q, { today: TODAY, vocabulary });
  const parseOk = "refuse" in e ? i.query === null && !i.causal
    : "causal" in e ? isDeepStrictEqual(i.causal, e.causal)
    : !i.causal && JSON.stringify(canonical(i.query)) === JSON.stringify(canonical(e));
  if (parseOk) parsed++;
  else misses.push(`parse differs: ${q}: got ${JSON.stringify(i.causal ?? i.query)}`);
  const t0 = performance.now();
  const r = await ask(org, q, { today: TODAY });
  times.push(performance.now() - t0);
  let ok: boolean;
  if ("refuse" in e) ok = r.query === null && r.causal === null && !/\d+\.\d\d/.test(r.answer);
  else if ("causal" in e) ok = r.causal?.kind === e.causal.kind && r.estimates.length > 0;
  else {
    const { query } = await withoutUnpaidChannels(org, e as MetricsQuery, runMetrics);
    ok = isDeepStrictEqual(r.rows, (await runMetrics(org, query)).rows);
  }
  if (ok) answered++;
  else misses.push(`wrong answer: ${q}`);
}
times.sort((a, b) => a - b);
const n = QUESTIONS.length;
console.log(`questions: ${n}`);
console.log(`parse accuracy (rule parser, org vocabulary): ${parsed}/${n} = ${((parsed / n) * 100).toFixed(1)} %`);
console.log(`answer accuracy (rows = the expected metrics query's): ${answered}/${n} = ${((answered / n) * 100).toFixed(1)} %`);
console.log(`ask latency: p50 ${times[Math.floor(n / 2)]!.toFixed(1)} ms, p95 ${times[Math.floor(n * 0.95)]!.toFixed(1)} ms`);
for (const m of misses) console.log(`  ${m}`);
await database.close();
