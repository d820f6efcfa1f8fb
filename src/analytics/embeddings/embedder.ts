/** Turns texts into unit-length vectors; one model = one vector space. */
export interface Embedder {
  /** Model id stored with every vector; vectors of different models are never compared. */
  readonly model: string;
  /** Length of every vector it returns. */
  readonly dimensions: number;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
}

/** Scale a vector to unit length (a zero vector stays zero), so cosine similarity is a dot product. */
export function l2Normalise(v: number[]): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm === 0 ? v.map(() => 0) : v.map((x) => x / norm);
}
