import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSchema, Kind, parse, print, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

// Operations written outside documents/ (the README, docs, tests, scripts) checked against schema.graphql,
// and matched with the typed documents codegen.ts turns into generated/graphql.ts.

/** An operation found in a file: where, and its text. */
export interface FoundOperation {
  /** "README.md:45 (json)": the file, the line it starts on and how it was written. */
  label: string;
  text: string;
}

/** Folders whose *.graphql files codegen.ts types. */
export const DOCUMENT_DIRS = ["documents", "web/src/queries"];

let schema: GraphQLSchema | undefined;
/** The committed schema.graphql. */
export const committedSchema = () => (schema ??= buildSchema(readFileSync("schema.graphql", "utf8")));

/** Why a GraphQL text is not a valid operation of schema.graphql (syntax or validation), or [] when it is. */
export function problemsOf(text: string): string[] {
  let doc: DocumentNode;
  try {
    doc = parse(text);
  } catch (err) {
    return [(err as Error).message];
  }
  return validate(committedSchema(), doc).map((e) => e.message);
}

/** An operation printed the same way whatever its name, spacing, commas or comments. */
export const normalised = (op: OperationDefinitionNode) => print({ ...op, name: undefined });

/** The typed documents' operations: normalised text → operation name. */
export function typedOperations(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of DOCUMENT_DIRS) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".graphql"))) {
      for (const def of parse(readFileSync(join(dir, file), "utf8")).definitions) {
        if (def.kind === Kind.OPERATION_DEFINITION) out.set(normalised(def), def.name!.value);
      }
    }
  }
  return out;
}

/** Grafana's time-range macros, standing for a date inside a string: replaced by an example range before checking. */
export const GRAFANA_MACROS: Record<string, string> = { "${__from:date:YYYY-MM-DD}": "2024-07-01", "${__to:date:YYYY-MM-DD}": "2024-07-07" };
const withoutMacros = (text: string) => Object.entries(GRAFANA_MACROS).reduce((t, [macro, value]) => t.replaceAll(macro, value), text);

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;
// Inline: a keyword, or braces around fields with their own selection (`{ raw }` is a JS shape in prose).
const looksLikeOperation = (text: string) => /^\s*(query|mutation|subscription)\b/.test(text) || /^\s*\{[^{}]*\{/.test(text);

/**
 * Every GraphQL operation in a Markdown file: ```graphql blocks; "query" strings of JSON bodies (curl -d …);
 * Power Query's `query = "…"` ("" is a quote); and inline `code` that is a whole operation (`{ field { … } }`
 * or query/mutation/subscription …) and parses — inline sketches with … are prose, not operations.
 */
export function markdownOperations(markdown: string, file: string): FoundOperation[] {
  const found: (FoundOperation & { at: number })[] = [];
  const add = (at: number, kind: string, text: string) => found.push({ at, label: `${file}:${lineAt(markdown, at)} (${kind})`, text: withoutMacros(text) });
  for (const m of markdown.matchAll(/^[ \t]*```graphql\n([\s\S]*?)^[ \t]*```/gm)) add(m.index, "graphql", m[1]!);
  for (const m of markdown.matchAll(/"query"\s*:\s*("(?:[^"\\\n]|\\.)*")/g)) add(m.index, "json", JSON.parse(m[1]!) as string);
  for (const m of markdown.matchAll(/\bquery = "((?:[^"\n]|"")*)"/g)) add(m.index, "powerquery", m[1]!.replaceAll('""', '"'));
  const fenced = [...markdown.matchAll(/^[ \t]*```[\s\S]*?^[ \t]*```/gm)].map((m) => [m.index, m.index + m[0].length]);
  for (const m of markdown.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)) {
    if (fenced.some(([from, to]) => m.index >= from! && m.index < to!) || !looksLikeOperation(m[1]!)) continue;
    try {
      parse(m[1]!);
      add(m.index, "inline", m[1]!);
    } catch {
      // prose: a sketch of a shape, not an operation
    }
  }
  return found.sort((a, b) => a.at - b.at).map(({ label, text }) => ({ label, text }));
}

/** The operations of a found text, each with its label (a text may hold several). */
export function operationsOf(found: FoundOperation): { label: string; op: OperationDefinitionNode }[] {
  const ops = parse(found.text).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return ops.map((op, i) => ({ label: ops.length > 1 ? `${found.label} #${i + 1}` : found.label, op }));
}
