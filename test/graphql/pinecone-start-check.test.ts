import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { startPineconeStub, type PineconeStub } from "../stubs/pinecone-stub.js";

// A Pinecone index built for another embedding model is reported when the gateway starts, in words that
// say what to change, without the API key, instead of at the first sync's indexing.
let pinecone: PineconeStub;
let server: TestServer;
beforeAll(async () => {
  pinecone = await startPineconeStub("pc-start-secret", { dimension: 1536 });
  server = await startTestServer({ PINECONE_API_KEY: "pc-start-secret", PINECONE_INDEX_HOST: pinecone.url });
});
afterAll(async () => {
  await server?.close();
  await pinecone?.close();
});

describe("Pinecone index check at start", () => {
  it("logs a dimension mismatch between the index and the embedding model, once, without the key", async () => {
    for (let i = 0; i < 100 && !server.logs().includes("vector index is not usable"); i++) await new Promise((r) => setTimeout(r, 50));
    const lines = server.logs().split("\n").filter((l) => l.includes("vector index is not usable")).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: "search memory: the vector index is not usable; indexing fails until this is fixed" });
    expect(lines[0].err).toMatch(/^The Pinecone index has dimension 1536, but the embedding model \S+ makes \d+-dimensional vectors; point PINECONE_INDEX_HOST at an index of dimension \d+, or use the embedding model the index was built for\.$/);
    expect(pinecone.requests.filter((r) => r.path === "/describe_index_stats")).toHaveLength(1);
    expect(server.logs()).not.toContain("pc-start-secret");
  });
});
