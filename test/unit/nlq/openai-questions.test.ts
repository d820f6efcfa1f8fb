import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiClient } from "../../../src/analytics/embeddings/openai-client.js";
import { CAUSAL_TOOL_NAME, parseWithOpenAi, TOOL_NAME } from "../../../src/analytics/nlq/openai-parser.js";
import { startOpenAiStub, type ChatReply, type OpenAiStub } from "../../stubs/openai-stub.js";
import { QUESTIONS, TODAY, VOCABULARY, type Expected } from "./analyst-questions.js";

const KEY = "sk-test-questions-1";
let stub: OpenAiStub;
beforeAll(async () => { stub = await startOpenAiStub(KEY); });
afterAll(() => stub.close());

// What a model answering correctly sends back: the expected query as run_metrics_query, a causal call, or words.
const replyFor = (e: Expected): ChatReply =>
  "refuse" in e ? { content: "I cannot answer that from marketing data." }
    : "causal" in e ? { toolCall: { name: CAUSAL_TOOL_NAME, arguments: JSON.stringify(e.causal) } }
      : { toolCall: { name: TOOL_NAME, arguments: JSON.stringify(e) } };

describe("the public question set through OpenAI tool calling (real SDK against the local stub)", () => {
  it("carries every question and its tool call through the same validation, and sends the org's names", async () => {
    const client = createOpenAiClient({ apiKey: KEY, baseURL: stub.baseURL, maxRetries: 0 });
    const wrong: string[] = [];
    for (const [q, e] of QUESTIONS) {
      stub.chatReplies.push(replyFor(e));
      const r = await parseWithOpenAi(client, "gpt-4o-mini", q, TODAY, VOCABULARY);
      const ok = "refuse" in e ? r.query === null && !r.causal && r.notUnderstood.length === 1
        : "causal" in e ? JSON.stringify(r.causal) === JSON.stringify(e.causal) && r.query === null
          : JSON.stringify(r.query) === JSON.stringify(e);
      if (!ok) wrong.push(q);
    }
    expect(wrong).toEqual([]);
    const body = stub.requests.at(-1)!.body as { messages: { content: string }[] };
    expect(body.messages[1]!.content).toBe(QUESTIONS.at(-1)![0]);
    expect(body.messages[0]!.content).toContain('"Meta | OUTCOME_SALES | Lookalike | 01"');
    expect(body.messages[0]!.content).toContain("Today is 2026-12-03");
  });

  it("refuses a causal call outside its schema", async () => {
    stub.chatReplies.push({ toolCall: { name: CAUSAL_TOOL_NAME, arguments: JSON.stringify({ kind: "vibes" }) } });
    const client = createOpenAiClient({ apiKey: KEY, baseURL: stub.baseURL, maxRetries: 0 });
    const r = await parseWithOpenAi(client, "gpt-4o-mini", "how are the vibes", TODAY, VOCABULARY);
    expect(r.causal).toBeUndefined();
    expect(r.notUnderstood[0]).toMatch(/^the model's causal question was invalid: kind: /);
  });
});
