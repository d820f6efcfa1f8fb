import { badInput } from "../../errors.js";

/** Opaque keyset cursors: base64url of a JSON array of the ordering values. */
export const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");

export function decodeCursor(cursor: string, arity: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through
  }
  throw badInput("The `after` cursor is not valid; pass an `endCursor` or edge `cursor` returned by this query.", { field: "after" });
}
