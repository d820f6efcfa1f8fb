import { l2Normalise, type Embedder } from "./embedder.js";
import { createOpenAiClient, openAiError, type OpenAiOptions } from "./openai-client.js";

// The embeddings endpoint takes at most 2048 inputs per request (https://platform.openai.com/docs/api-reference/embeddings/create).
const BATCH = 512;

/** Embeddings through the official `openai` package (e.g. text-embedding-3-small, 1536 dimensions). */
export function createOpenAiEmbedder(opts: OpenAiOptions & { model: string; dimensions?: number }): Embedder {
  const client = createOpenAiClient(opts);
  const dimensions = opts.dimensions ?? (opts.model === "text-embedding-3-large" ? 3072 : 1536);
  return {
    model: `openai:${opts.model}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH) {
        const input = texts.slice(i, i + BATCH);
        try {
          const res = await client.embeddings.create({
            model: opts.model, input, encoding_format: "float",
            ...(opts.dimensions ? { dimensions: opts.dimensions } : {}),
          });
          const sorted = [...res.data].sort((a, b) => a.index - b.index);
          if (sorted.length !== input.length) throw new Error(`expected ${input.length} embeddings, got ${sorted.length}`);
          for (const d of sorted) {
            if (d.embedding.length !== dimensions) throw new Error(`expected ${dimensions} dimensions, got ${d.embedding.length}`);
            out.push(l2Normalise(d.embedding));
          }
        } catch (err) {
          throw openAiError(err, "the embedding request");
        }
      }
      return out;
    },
  };
}
