// The subset of JSON Schema (as zod's toJSONSchema emits it) the connection form renders.

export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: FieldSchema;
  default?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  writeOnly?: boolean;
}
export interface ObjectSchema {
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

export type FieldKind = "secret" | "text" | "number" | "boolean" | "select" | "list" | "json";

export function fieldKind(s: FieldSchema): FieldKind {
  if (s.writeOnly) return "secret";
  if (s.enum) return "select";
  if (s.type === "integer" || s.type === "number") return "number";
  if (s.type === "boolean") return "boolean";
  if (s.type === "array" && s.items?.type === "string") return "list";
  if (s.type === "string") return "text";
  return "json";
}

/** A stored value as the form's text. */
export function toText(kind: FieldKind, v: unknown): string {
  if (v === undefined || v === null) return "";
  if (kind === "list") return (v as unknown[]).join(", ");
  if (kind === "json") return JSON.stringify(v);
  return String(v);
}

/** The form's text as the config value; undefined leaves the field out (the server's default or stored value applies). */
export function fromText(kind: FieldKind, text: string): unknown {
  const t = text.trim();
  if (t === "") return undefined;
  if (kind === "number") return Number(t);
  if (kind === "boolean") return t === "true";
  if (kind === "list") return t.split(",").map((s) => s.trim()).filter(Boolean);
  if (kind === "json") {
    try {
      return JSON.parse(t);
    } catch {
      return t;
    }
  }
  return t;
}
