import { startJsonStub, type JsonStub } from "./http-stub.js";

interface Vec { id: string; values: number[]; metadata: Record<string, unknown> }

export interface PineconeStub extends JsonStub {
  /** namespace → id → vector. */
  namespaces: Map<string, Map<string, Vec>>;
}

/**
 * A stand-in for a Pinecone index's data plane (POST /describe_index_stats, /vectors/upsert, /query, /vectors/delete) that
 * checks the Api-Key header, keeps namespaces apart, scores by cosine similarity and applies
 * metadata filters ($eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $and, $or).
 */
export async function startPineconeStub(apiKey: string, opts: { dimension?: number } = {}): Promise<PineconeStub> {
  const namespaces = new Map<string, Map<string, Vec>>();
  const ns = (name = "") => namespaces.get(name) ?? namespaces.set(name, new Map()).get(name)!;
  const stub = await startJsonStub((r) => {
    if (r.headers["api-key"] !== apiKey) return { status: 401, body: { code: 16, message: "Invalid API Key" } };
    const body = (r.body ?? {}) as Record<string, any>;
    if (r.path === "/describe_index_stats") {
      const summary = Object.fromEntries([...namespaces].map(([name, m]) => [name, { vectorCount: m.size }]));
      return { status: 200, body: { namespaces: summary, dimension: opts.dimension ?? 4, indexFullness: 0, totalVectorCount: [...namespaces.values()].reduce((s, m) => s + m.size, 0) } };
    }
    if (r.path === "/vectors/upsert") {
      for (const v of body.vectors as Vec[]) ns(body.namespace).set(v.id, { id: v.id, values: v.values, metadata: v.metadata ?? {} });
      return { status: 200, body: { upsertedCount: body.vectors.length } };
    }
    if (r.path === "/vectors/delete") {
      for (const id of body.ids ?? []) ns(body.namespace).delete(id);
      return { status: 200, body: {} };
    }
    if (r.path === "/query") {
      const q = body.vector as number[];
      const matches = [...ns(body.namespace).values()]
        .filter((v) => !body.filter || matches_(v.metadata, body.filter))
        .map((v) => ({ id: v.id, score: cosine(q, v.values), values: [] as number[] }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, body.topK);
      return { status: 200, body: { matches, namespace: body.namespace ?? "", usage: { readUnits: 1 } } };
    }
    return { status: 404, body: { code: 5, message: `stub: no route ${r.path}` } };
  });
  return Object.assign(stub, { namespaces });
}

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function matches_(meta: Record<string, unknown>, f: Record<string, any>): boolean {
  return Object.entries(f).every(([k, cond]) => {
    if (k === "$and") return (cond as object[]).every((c) => matches_(meta, c as Record<string, any>));
    if (k === "$or") return (cond as object[]).some((c) => matches_(meta, c as Record<string, any>));
    const v = meta[k] as any;
    const ops = typeof cond === "object" && cond !== null ? cond : { $eq: cond };
    return Object.entries(ops).every(([op, x]: [string, any]) => {
      switch (op) {
        case "$eq": return v === x;
        case "$ne": return v !== x;
        case "$in": return x.includes(v);
        case "$nin": return !x.includes(v);
        case "$gt": return v > x;
        case "$gte": return v >= x;
        case "$lt": return v < x;
        case "$lte": return v <= x;
        default: throw new Error(`stub: unsupported filter operator ${op}`);
      }
    });
  });
}
