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

/** A GraphQL operation written as a string in TypeScript source: where, its text, and whether it is marked as a probe. */
export interface SourceOperation extends FoundOperation {
  /** Marked `graphql-probe` (same line, or the comment lines just above): meant to be invalid here. */
  probe: boolean;
  /** Built with `${…}` parts that are not constants of the file: checked with stand-ins (see standIn). */
  dynamic: boolean;
}

// On the literal with \u0000 for each ${…}: `{ name`, `{ ${…}` (spaced: `{${…}}` is SQL's array) or query/mutation/subscription … {.
const OPERATION_START = /^\s*((query|mutation|subscription)\b[^]*\{|\{\s*[A-Za-z_]|\{\s+\u0000)/;
type Node = { type: string; start: number; end: number; [key: string]: unknown };

/**
 * Every string or template literal of a TypeScript file that starts like a GraphQL operation (`{ field`,
 * query/mutation/subscription … {). `${name}` of a string constant of the same file is read as its value;
 * any other `${…}` is a stand-in that fits where it stands (see standIn).
 */
export async function sourceOperations(source: string, file: string): Promise<SourceOperation[]> {
  const { parseAst } = await import("vite");
  const ast = parseAst(source, { lang: file.endsWith(".tsx") ? "tsx" : "ts" } as never) as unknown as Node;
  const lines = source.split("\n");
  const constants = new Map<string, string>();
  const literals: Node[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object" || typeof (node as Node).type !== "string") return;
    const n = node as Node;
    if (n.type === "VariableDeclarator" && (n.id as Node).type === "Identifier") {
      const value = textOf(n.init as Node | null, constants);
      if (value !== null) constants.set((n.id as unknown as { name: string }).name, value);
    }
    if ((n.type === "Literal" && typeof n.value === "string") || n.type === "TemplateLiteral") literals.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== "type") visit(v);
  };
  visit(ast);
  const out: SourceOperation[] = [];
  for (const node of literals) {
    const parts = node.type === "Literal" ? [node.value as string] : (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked);
    const exprs = node.type === "Literal" ? [] : (node.expressions as Node[]);
    let text = parts[0]!;
    let dynamic = false;
    exprs.forEach((e, i) => {
      const known = e.type === "Identifier" ? constants.get(e.name as string) : textOf(e, constants);
      if (known === undefined || known === null) dynamic = true;
      text += (known ?? standIn(text)) + parts[i + 1]!;
    });
    if (!OPERATION_START.test(parts.join("\u0000"))) continue;
    const line = lineAt(source, node.start);
    let probe = lines[line - 1]!.includes("graphql-probe");
    for (let l = line - 2; !probe && l >= 0 && /^\s*(\/\/|\/?\*)/.test(lines[l]!); l--) probe = lines[l]!.includes("graphql-probe");
    out.push({ label: `${file}:${line}`, text, probe, dynamic });
  }
  return out;
}

/** A literal's text when it is constant (a string, or a template of constants), else null. */
function textOf(node: Node | null, constants: Map<string, string>): string | null {
  if (!node) return null;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type !== "TemplateLiteral") return null;
  const quasis = (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked);
  const parts = (node.expressions as Node[]).map((e) => (e.type === "Identifier" ? constants.get(e.name as string) : undefined));
  if (parts.some((p) => p === undefined)) return null;
  return quasis.reduce((t, q, i) => t + (i ? parts[i - 1] : "") + q, "");
}

/**
 * What a `${…}` of unknown value stands for, judged by the text before it: glued to a name (`syncProgress${args}`,
 * `first: ${n}${after}`) nothing; a value (after `:`, `(`, `[`, `,`, `=` or inside quotes) 1; else a selection, `__typename`.
 */
export function standIn(before: string): string {
  if ((before.match(/"/g)?.length ?? 0) % 2 === 1) return "1";
  if (/[A-Za-z0-9_]$/.test(before)) return "";
  return /[:(\[,=]\s*$/.test(before) ? "1" : "__typename";
}
