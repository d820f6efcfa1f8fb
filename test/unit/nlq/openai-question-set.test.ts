import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiClient } from "../../../src/analytics/embeddings/openai-client.js";
import { CAUSAL_TOOL_NAME, parseWithOpenAi, TOOL_NAME } from "../../../src/analytics/nlq/openai-parser.js";
import { startOpenAiStub, type ChatReply, type OpenAiStub } from "../../stubs/openai-stub.js";
import { QUESTIONS, TODAY, VOCABULARY, type Expected } from "./analyst-questions.js";

// The public analyst question set through the OpenAI path: the real `openai` SDK, a local stub of the API that
// answers each question with the tool call a model would make for it, and the same validation as every
// model reply. What this proves: every query the set needs is expressible in the tool's schema and passes
// the metrics engine's rules, causal questions map to the causal tool, the org's names reach the prompt so
// unquoted names can be linked, and a reply without a tool call is a refusal with the model's words.
const KEY = "sk-test-question-set";
let stub: OpenAiStub;
beforeAll(async () => { stub = await startOpenAiStub(KEY); });
afterAll(() => stub.close());

const reply = (e: Expected): ChatReply =>
  "refuse" in e ? { content: "I could not map that question to a metrics query." }
  : "causal" in e ? { toolCall: { name: CAUSAL_TOOL_NAME, arguments: JSON.stringify(e.causal) } }
  : { toolCall: { name: TOOL_NAME, arguments: JSON.stringify(e) } };

describe("the public analyst question set through OpenAI tool calling (local stub)", () => {
  it("every question's expected answer survives the tool schema and validation unchanged", async () => {
    const client = createOpenAiClient({ apiKey: KEY, baseURL: stub.baseURL, maxRetries: 0 });
    const misses: string[] = [];
    for (const [q, e] of QUESTIONS) {
      stub.chatReplies.push(reply(e));
      const i = await parseWithOpenAi(client, "gpt-4o-mini", q, TODAY, VOCABULARY);
      const got = "refuse" in e ? (i.query === null && !i.causal && i.notUnderstood.length === 1)
        : "causal" in e ? isDeepStrictEqual(i.causal, e.causal)
        : isDeepStrictEqual(i.query, e) && !i.causal;
      if (!got) misses.push(`${q}: ${JSON.stringify(i)}`);
    }
    console.log(`ask through the OpenAI path: ${QUESTIONS.length - misses.length}/${QUESTIONS.length} questions' answers accepted`);
    expect(misses).toEqual([]);
    expect(stub.requests).toHaveLength(QUESTIONS.length);
    // The prompt carries the question, today and the org's names (for unquoted, partial names).
    const first = stub.requests[0]!.body as { messages: { role: string; content: string }[] };
    expect(first.messages[1]).toEqual({ role: "user", content: QUESTIONS[0]![0] });
    for (const name of ["Meta | OUTCOME_SALES | Lookalike | 01", "Welcome Series", "Spring Launch (event 2026-04-01 to 2026-04-14)"]) {
      expect(first.messages[0]!.content).toContain(JSON.stringify(name).slice(1, -1));
    }
    expect(first.messages[0]!.content).toContain(`Today is ${TODAY}`);
  });
});
