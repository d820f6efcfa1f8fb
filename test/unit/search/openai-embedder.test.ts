import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOpenAiEmbedder } from "../../../src/analytics/embeddings/openai-embedder.js";
import { localEmbedding } from "../../../src/analytics/embeddings/local-embedder.js";
import { startOpenAiStub, type OpenAiStub } from "../../stubs/openai-stub.js";

const KEY = "sk-test-secret-123";
let stub: OpenAiStub;
const embedder = (o: { apiKey?: string; maxRetries?: number } = {}) =>
  createOpenAiEmbedder({ apiKey: o.apiKey ?? KEY, baseURL: stub.baseURL, model: "text-embedding-3-small", dimensions: 64, maxRetries: o.maxRetries ?? 2 });
const rateLimited = (times: number) => ({ times, status: 429, headers: { "retry-after-ms": "5" }, body: { error: { message: "Rate limit reached", type: "requests" } } });

beforeAll(async () => { stub = await startOpenAiStub(KEY); });
beforeEach(() => stub.reset());
afterAll(() => stub.close());

describe("OpenAI embedder (real openai SDK against a local stub)", () => {
  it("embeds a batch in order through POST /v1/embeddings", async () => {
    const e = embedder();
    expect(e.model).toBe("openai:text-embedding-3-small:64");
    const out = await e.embed(["summer sale", "winter clearance"]);
    const expected = [localEmbedding("summer sale", 64), localEmbedding("winter clearance", 64)];
    const maxDiff = Math.max(...out.flatMap((v, i) => v.map((x, j) => Math.abs(x - expected[i][j]))));
    expect(maxDiff).toBeLessThan(1e-12); // the same vectors after a JSON round trip
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0].body).toEqual({ model: "text-embedding-3-small", input: ["summer sale", "winter clearance"], encoding_format: "float", dimensions: 64 });
  });

  it("retries after 429 and succeeds", async () => {
    stub.failNext(rateLimited(2));
    const [v] = await embedder().embed(["retry me"]);
    expect(v).toHaveLength(64);
    expect(stub.requests).toHaveLength(3);
  });

  it("gives RATE_LIMITED when 429s outlast the retries", async () => {
    stub.failNext(rateLimited(5));
    await expect(embedder({ maxRetries: 1 }).embed(["x"])).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(stub.requests).toHaveLength(2);
  });

  it("reports a rejected key as UPSTREAM_ERROR naming the variable, never the key", async () => {
    const err = await embedder({ apiKey: "sk-wrong-key" }).embed(["x"]).catch((e) => e);
    expect(err).toMatchObject({ code: "UPSTREAM_ERROR", message: "OpenAI rejected the API key during the embedding request; check OPENAI_API_KEY." });
    expect(JSON.stringify(err)).not.toContain("sk-wrong-key");
    expect(stub.requests).toHaveLength(1);
  });

  it("retries a 500 and then reports UPSTREAM_ERROR with the status", async () => {
    stub.failNext({ times: 3, status: 500, headers: { "retry-after-ms": "5" }, body: { error: { message: "boom", type: "server_error" } } });
    await expect(embedder({ maxRetries: 2 }).embed(["x"])).rejects.toMatchObject({
      code: "UPSTREAM_ERROR", message: "OpenAI failed the embedding request with HTTP 500; try again later.",
    });
    expect(stub.requests).toHaveLength(3);
  });
});
