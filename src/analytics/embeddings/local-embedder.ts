import { l2Normalise, type Embedder } from "./embedder.js";

/**
 * A local, deterministic embedding that needs no network: the "hashing trick" over word unigrams,
 * word bigrams and character trigrams of each word, each feature hashed (FNV-1a) to one of
 * `dimensions` buckets with a hash-derived sign, then L2-normalised.
 *
 * What it is: a sparse lexical fingerprint. Texts that share words and word pieces ("campaign" /
 * "campaigns", "retarget" / "retargeting") land close together; it knows no synonyms and no
 * meaning beyond spelling. It is the default so search works offline; configure OpenAI for
 * semantic embeddings.
 */
export const LOCAL_EMBEDDING_DIMENSIONS = 256; // small enough for a fast HNSW index; collisions are tolerable at this size

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
const TRIGRAM_WEIGHT = 0.35;

export function createLocalEmbedder(dimensions = LOCAL_EMBEDDING_DIMENSIONS): Embedder {
  return {
    model: `local-ngram-v1-${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map((t) => localEmbedding(t, dimensions)),
  };
}

/** Lowercased word tokens (letters and digits of any script). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The embedding of one text (synchronous; the Embedder wraps it). */
export function localEmbedding(text: string, dimensions = LOCAL_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    v[h % dimensions] += (h & 0x80000000 ? -1 : 1) * weight;
  };
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    add(`w:${w}`, WORD_WEIGHT);
    if (i + 1 < words.length) add(`b:${w} ${words[i + 1]}`, BIGRAM_WEIGHT);
    const padded = `^${w}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
  }
  return l2Normalise(v);
}

/** 32-bit FNV-1a over UTF-16 code units (http://www.isthe.com/chongo/tech/comp/fnv/). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
