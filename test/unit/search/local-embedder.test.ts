import { describe, expect, it } from "vitest";
import { createLocalEmbedder, localEmbedding, tokenize } from "../../../src/analytics/embeddings/local-embedder.js";

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe("local n-gram embedding", () => {
  it("is deterministic, 256-dimensional and unit length", async () => {
    const e = createLocalEmbedder();
    const [a, b] = await e.embed(["Summer Sale Retargeting", "Summer Sale Retargeting"]);
    expect(e.model).toBe("local-ngram-v1-256");
    expect(a).toHaveLength(256);
    expect(a).toEqual(b);
    expect(Math.abs(dot(a, a) - 1)).toBeLessThan(1e-12);
  });

  it("puts texts that share words and word pieces closer than unrelated texts", () => {
    const q = localEmbedding("retargeting campaigns");
    const near = localEmbedding("Summer Sale Retargeting campaign");
    const far = localEmbedding("Brand awareness video views");
    expect(dot(q, near)).toBeGreaterThan(dot(q, far) + 0.2);
  });

  it("gives an empty text the zero vector", () => {
    expect(localEmbedding("  ?! ").every((x) => x === 0)).toBe(true);
  });

  it("tokenizes letters and digits of any script, lower-cased", () => {
    expect(tokenize("Q3 Café-Kampagne: 20% OFF!")).toEqual(["q3", "café", "kampagne", "20", "off"]);
  });
});
