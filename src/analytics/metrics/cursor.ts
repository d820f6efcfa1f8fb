import { createHash } from "node:crypto";
import { badInput } from "../../errors.js";
import type { MetricsQuery } from "./query.js";

/** A short fingerprint of everything but the page, so a cursor cannot be replayed against another query. */
export function queryFingerprint(q: MetricsQuery): string {
  const { after: _a, limit: _l, ...rest } = q;
  return createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 12);
}

export const encodeCursor = (offset: number, q: MetricsQuery): string =>
  Buffer.from(JSON.stringify({ o: offset, h: queryFingerprint(q) })).toString("base64url");

/** The row offset a cursor points at; a cursor of another query or a garbled one is rejected. */
export function decodeCursor(cursor: string | undefined, q: MetricsQuery): number {
  if (!cursor) return 0;
  let parsed: { o?: unknown; h?: unknown };
  try { parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")); } catch { parsed = {}; }
  if (typeof parsed.o !== "number" || !Number.isInteger(parsed.o) || parsed.o < 0 || typeof parsed.h !== "string")
    throw badInput("metrics: the cursor is not valid; pass endCursor from a previous page as it was returned.");
  if (parsed.h !== queryFingerprint(q)) throw badInput("metrics: the cursor belongs to a different query; start again without `after`.");
  return parsed.o;
}
