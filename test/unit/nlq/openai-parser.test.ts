import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAiClient } from "../../../src/analytics/embeddings/openai-client.js";
import { CAUSAL_TOOL_NAME, parseWithOpenAi, TOOL_NAME } from "../../../src/analytics/nlq/openai-parser.js";
import { startOpenAiStub, type OpenAiStub } from "../../stubs/openai-stub.js";

const KEY = "sk-test-chat-789";
let stub: OpenAiStub;
const client = (apiKey = KEY) => createOpenAiClient({ apiKey, baseURL: stub.baseURL, maxRetries: 2 });
const toolCall = (args: unknown) => ({ toolCall: { name: TOOL_NAME, arguments: JSON.stringify(args) } });
const QUERY = {
  measures: ["roas"], dimensions: ["campaignName"], dateRange: { from: "2024-10-01", to: "2024-10-31" },
  filters: [{ dimension: "platform", operator: "in", values: ["meta"] }], compareTo: { type: "previousPeriod" },
};

beforeAll(async () => { stub = await startOpenAiStub(KEY); });
beforeEach(() => { stub.reset(); stub.chatReplies.length = 0; });
afterAll(() => stub.close());

describe("parseWithOpenAi (real openai SDK against a local stub)", () => {
  it("sends one tool constrained to the MetricsQuery schema and returns the validated query", async () => {
    stub.chatReplies.push(toolCall(QUERY));
    const r = await parseWithOpenAi(client(), "gpt-4o-mini", "Meta ROAS last month vs the month before by campaign", "2024-11-15");
    expect(r.query).toEqual(QUERY);
    expect(r.notUnderstood).toEqual([]);
    const body = stub.requests[0].body as { model: string; tools: { function: { name: string; parameters: any } }[]; messages: { content: string }[] };
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.tools.map((t) => t.function.name)).toEqual([TOOL_NAME, CAUSAL_TOOL_NAME]);
    expect(body.tools[0].function.parameters.required).toEqual(["measures", "dateRange"]);
    expect(body.tools[0].function.parameters.properties.measures.items.enum).toContain("roas");
    expect(body.messages[0].content).toContain("Today is 2024-11-15");
  });

  it("refuses tool arguments outside the schema instead of running them", async () => {
    stub.chatReplies.push(toolCall({ ...QUERY, measures: ["profit"] }));
    const r = await parseWithOpenAi(client(), "m", "profit last month", "2024-11-15");
    expect(r.query).toBeNull();
    expect(r.notUnderstood).toHaveLength(1);
    expect(r.notUnderstood[0]).toMatch(/^the model's query was invalid: measures\.0: /);
  });

  it("refuses a schema-valid query the metrics engine would reject (from after to)", async () => {
    stub.chatReplies.push(toolCall({ ...QUERY, dateRange: { from: "2024-10-31", to: "2024-10-01" } }));
    const r = await parseWithOpenAi(client(), "m", "q", "2024-11-15");
    expect(r.query).toBeNull();
    expect(r.notUnderstood[0]).toMatch(/^the model's query was invalid: /);
  });

  it("passes on the model's words when it makes no tool call", async () => {
    stub.chatReplies.push({ content: "I understood a period (last month) but not which measure you mean by 'vibes'." });
    const r = await parseWithOpenAi(client(), "m", "vibes last month", "2024-11-15");
    expect(r).toEqual({ query: null, understood: [], notUnderstood: ["I understood a period (last month) but not which measure you mean by 'vibes'."] });
  });

  it("retries after 429 and succeeds", async () => {
    stub.failNext({ times: 1, status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "Rate limit", type: "tokens" } } });
    stub.chatReplies.push(toolCall(QUERY));
    expect((await parseWithOpenAi(client(), "m", "q", "2024-11-15")).query).toEqual(QUERY);
    expect(stub.requests).toHaveLength(2);
  });

  it("maps a rejected key to UPSTREAM_ERROR without the key", async () => {
    const err = await parseWithOpenAi(client("sk-bad"), "m", "q", "2024-11-15").catch((e) => e);
    expect(err).toMatchObject({ code: "UPSTREAM_ERROR", message: "OpenAI rejected the API key during the question; check OPENAI_API_KEY." });
    expect(err.message).not.toContain("sk-bad");
  });
});
