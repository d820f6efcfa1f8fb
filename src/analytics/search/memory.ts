import type { Config } from "../../config.js";
import type { Embedder } from "../embeddings/embedder.js";
import { createLocalEmbedder } from "../embeddings/local-embedder.js";
import { createOpenAiEmbedder } from "../embeddings/openai-embedder.js";
import { createPgVectorStore } from "./pg-vector-store.js";
import { createPineconeVectorStore } from "./pinecone-vector-store.js";
import type { VectorStore } from "./vector-store.js";

/** The embedder and vector store that memory indexing and search use together. */
export interface Memory {
  /** Turns item texts and queries into vectors. */
  embedder: Embedder;
  /** Where the vectors live. */
  store: VectorStore;
}

/**
 * Pick the services from config: OpenAI embeddings when `openai` is set, else the local n-gram
 * embedding; Pinecone when `pinecone` is set, else memory_items in the database (pgvector or float4[]).
 */
export function createMemory(config: Pick<Config, "openai" | "pinecone">): Memory {
  const embedder = config.openai
    ? createOpenAiEmbedder({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, model: config.openai.embeddingModel })
    : createLocalEmbedder();
  const store = config.pinecone
    ? createPineconeVectorStore({ apiKey: config.pinecone.apiKey, indexHost: config.pinecone.indexHost })
    : createPgVectorStore();
  return { embedder, store };
}

const perConfig = new WeakMap<object, Memory>();

/** The Memory of a running app (built once per config), for resolvers, the CLI and the sync engine. */
export function memoryFor(app: { config: Pick<Config, "openai" | "pinecone"> }): Memory {
  let m = perConfig.get(app.config);
  if (!m) perConfig.set(app.config, (m = createMemory(app.config)));
  return m;
}
