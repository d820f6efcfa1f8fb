import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { seedSearchCorpus } from "../db/search-seed.js";
import { startOpenAiStub, type OpenAiStub } from "../stubs/openai-stub.js";
import { AskDocument, AskSpendDocument } from "../../generated/graphql.js";

const ASK = AskDocument;
const today = "2024-08-10";

describe("ask over GraphQL (rule-based, no keys configured)", () => {
  let server: TestServer;
  let key: string;
  beforeAll(async () => {
    server = await startTestServer();
    const a = await server.createOrg("Acme");
    const b = await server.createOrg("Globex");
    key = await a.key("viewer");
    await seedSearchCorpus(server.app.database, { orgA: a.orgId, orgB: b.orgId });
  });
  afterAll(() => server.close());

  it("returns the interpreted query, the rows and an answer", async () => {
    const r = await gql(server.url, key, ASK, { question: "which channel had the best CPA in July 2024?", today });
    expect(r.errors).toBeUndefined();
    expect(r.data!.ask).toEqual({
      interpreter: "rules",
      query: { measures: ["cpa"], dateRange: { from: "2024-07-01", to: "2024-07-31" }, dimensions: ["platform"], orderBy: [{ field: "cpa", direction: "asc" }], limit: 1 },
      understood: ["ranked: best", 'period: 2024-07-01 to 2024-07-31 ("july 2024")', "measure: cpa", "by: platform"],
      notUnderstood: [],
      rows: [{ platform: "google_ads", cpa: 10 }],
      totals: { cpa: 12.5 },
      currency: "USD",
      answer: "google_ads had the lowest CPA from 2024-07-01 to 2024-07-31: CPA 10.00 USD.",
    });
  });

  it("answers an unclear question with what it understood, no query and no rows", async () => {
    const r = await gql(server.url, key, ASK, { question: "how do the vibes look", today });
    expect(r.data!.ask).toMatchObject({ query: null, rows: [], totals: null, notUnderstood: ["the words: vibes, look", "which measure to report (e.g. spend, clicks, ROAS, CPA)"] });
  });

  it("rejects an empty question with BAD_USER_INPUT", async () => {
    expect(codes(await gql(server.url, key, ASK, { question: "" }))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("ask over GraphQL with an OpenAI key (tool calling against a stub)", () => {
  let server: TestServer;
  let openai: OpenAiStub;
  let key: string;
  beforeAll(async () => {
    openai = await startOpenAiStub("sk-gql-secret");
    server = await startTestServer({ OPENAI_API_KEY: "sk-gql-secret", OPENAI_BASE_URL: openai.baseURL });
    const a = await server.createOrg("Acme");
    const b = await server.createOrg("Globex");
    key = await a.key("viewer");
    await seedSearchCorpus(server.app.database, { orgA: a.orgId, orgB: b.orgId });
  });
  afterAll(async () => { await server.close(); await openai.close(); });

  it("runs the model's validated query and never logs the key", async () => {
    const query = { measures: ["spend"], dimensions: ["platform"], dateRange: { from: "2024-07-01", to: "2024-07-31" } };
    openai.chatReplies.push({ toolCall: { name: "run_metrics_query", arguments: JSON.stringify(query) } });
    const r = await gql(server.url, key, AskSpendDocument, { question: "spend per channel in July", today });
    expect(r.data!.ask).toMatchObject({ interpreter: "openai", query, rows: [{ platform: "google_ads", spend: "50" }, { platform: "meta", spend: "200" }] });
    expect((openai.requests[0].body as { messages: { content: string }[] }).messages[1].content).toBe("spend per channel in July");
    expect(server.logs()).not.toContain("sk-gql-secret");
  });

  it("gives RATE_LIMITED when OpenAI keeps answering 429", async () => {
    openai.failNext({ times: 10, status: 429, headers: { "retry-after-ms": "1" }, body: { error: { message: "slow down", type: "requests" } } });
    const r = await gql(server.url, key, AskSpendDocument, { question: "spend per channel in July", today });
    expect(codes(r)).toEqual(["RATE_LIMITED"]);
    expect(JSON.stringify(r)).not.toContain("sk-gql-secret");
    openai.reset();
  });
});
