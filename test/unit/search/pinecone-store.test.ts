import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OrgScope } from "../../../src/db/scope.js";
import { createPineconeVectorStore } from "../../../src/analytics/search/pinecone-vector-store.js";
import type { VectorRecord } from "../../../src/analytics/search/vector-store.js";
import { startPineconeStub, type PineconeStub } from "../../stubs/pinecone-stub.js";

const KEY = "pc-test-secret-456";
const MODEL = "local-ngram-v1-4";
let stub: PineconeStub;
// The store only reads orgId from the scope.
const orgA = { orgId: "org-a" } as OrgScope;
const orgB = { orgId: "org-b" } as OrgScope;
const store = (o: { apiKey?: string; maxRetries?: number } = {}) =>
  createPineconeVectorStore({ apiKey: o.apiKey ?? KEY, indexHost: stub.url, maxRetries: o.maxRetries ?? 3, retryBaseMs: 1 });
const rec = (id: string, vector: number[], kind: VectorRecord["meta"]["kind"], platform: string | null, day: string | null): VectorRecord =>
  ({ id, vector, meta: { kind, platform, dateFrom: day, dateTo: day } });

beforeAll(async () => { stub = await startPineconeStub(KEY); });
beforeEach(() => stub.reset());
afterAll(() => stub.close());

describe("Pinecone vector store (real SDK against a local stub)", () => {
  it("writes each org's vectors to its own namespace with filterable metadata", async () => {
    await store().upsert(orgA, MODEL, [rec("a1", [1, 0, 0, 0], "campaign", "meta", null), rec("a2", [0, 1, 0, 0], "campaign_day", "google_ads", "2024-07-02")]);
    await store().upsert(orgB, MODEL, [rec("b1", [1, 0, 0, 0], "campaign", "meta", null)]);
    expect([...stub.namespaces.get("org-a")!.keys()]).toEqual(["a1", "a2"]);
    expect(stub.namespaces.get("org-a")!.get("a2")!.metadata).toEqual({ model: MODEL, kind: "campaign_day", platform: "google_ads", dateFrom: 20240702, dateTo: 20240702 });
    expect(stub.requests[0].headers["api-key"]).toBe(KEY);
  });

  it("checks the index's dimension before the first write, with a message that says how to fix a mismatch", async () => {
    await expect(store().ensure(orgA, MODEL, 4)).resolves.toBeUndefined();
    await expect(store().ensure(orgA, "openai:text-embedding-3-small:1536", 1536)).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The Pinecone index has dimension 4, but the embedding model openai:text-embedding-3-small:1536 makes 1536-dimensional vectors; point PINECONE_INDEX_HOST at an index of dimension 1536, or use the embedding model the index was built for.",
    });
    const s = store();
    await s.verify!(MODEL, 4);
    await s.verify!(MODEL, 4);
    expect(stub.requests.filter((r) => r.path === "/describe_index_stats")).toHaveLength(3); // remembered per store after success
  });

  it("queries only the caller's namespace, best first", async () => {
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], {}, 5)).toEqual([{ id: "a1", similarity: 1 }, { id: "a2", similarity: 0 }]);
    expect(await store().query(orgB, MODEL, [0, 1, 0, 0], {}, 5)).toEqual([{ id: "b1", similarity: 0 }]);
  });

  it("applies kind, platform and date filters in Pinecone", async () => {
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], { kinds: ["campaign_day"] }, 5)).toEqual([{ id: "a2", similarity: 0 }]);
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], { platforms: ["meta"] }, 5)).toEqual([{ id: "a1", similarity: 1 }]);
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], { dateRange: { from: "2024-07-01", to: "2024-07-31" } }, 5)).toEqual([{ id: "a2", similarity: 0 }]);
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], { dateRange: { from: "2024-08-01", to: "2024-08-31" } }, 5)).toEqual([]);
    expect(stub.requests.at(-1)!.body).toMatchObject({
      namespace: "org-a", topK: 5,
      filter: { $and: [{ model: { $eq: MODEL } }, { dateFrom: { $gt: 0, $lte: 20240831 } }, { dateTo: { $gte: 20240801 } }] },
    });
  });

  it("deletes vectors by id", async () => {
    await store().delete(orgA, ["a2"]);
    expect([...stub.namespaces.get("org-a")!.keys()]).toEqual(["a1"]);
  });

  it("retries after 429 and succeeds", async () => {
    stub.failNext({ times: 2, status: 429, body: { code: 8, message: "Too many requests" } });
    expect(await store().query(orgA, MODEL, [1, 0, 0, 0], {}, 1)).toEqual([{ id: "a1", similarity: 1 }]);
    expect(stub.requests).toHaveLength(3);
  });

  it("gives RATE_LIMITED when 429s outlast the retries", async () => {
    stub.failNext({ times: 9, status: 429, body: { code: 8, message: "Too many requests" } });
    await expect(store({ maxRetries: 2 }).query(orgA, MODEL, [1, 0, 0, 0], {}, 1)).rejects.toMatchObject({
      code: "RATE_LIMITED", message: "Pinecone rate-limited the query and retries ran out; try again shortly.",
    });
    expect(stub.requests).toHaveLength(3);
  });

  it("reports a rejected key as UPSTREAM_ERROR without retrying or echoing the key", async () => {
    const err = await store({ apiKey: "pc-wrong" }).upsert(orgA, MODEL, [rec("x", [1, 0, 0, 0], "ad", null, null)]).catch((e) => e);
    expect(err).toMatchObject({ code: "UPSTREAM_ERROR", message: "Pinecone rejected the API key during the upsert; check PINECONE_API_KEY." });
    expect(JSON.stringify(err) + err.message).not.toContain("pc-wrong");
    expect(stub.requests).toHaveLength(1);
  });

  it("lets the SDK retry a 503, then reports UPSTREAM_ERROR", async () => {
    stub.failNext({ times: 9, status: 503, body: { code: 14, message: "unavailable" } });
    await expect(store({ maxRetries: 1 }).delete(orgA, ["a1"])).rejects.toMatchObject({
      code: "UPSTREAM_ERROR", message: "Pinecone kept failing the delete with server errors after retries; try again later.",
    });
    expect(stub.requests).toHaveLength(2);
  });
});
