import { GraphQLError, Kind, visit, type DocumentNode, type TypeNode } from "graphql";

// How deep a variable's value may nest: far beyond any input of this schema (filters, configs, extras), far below where
// recursive code (JSON.stringify of a jsonb value, coercion) overflows the stack.
export const MAX_VARIABLE_NESTING = 64;

// Inputs whose rows are validated one by one (a row with a NUL is rejected with its reason while the good rows land):
// a NUL inside them is left for that validation, not refused for the whole request.
const ROW_INPUT_TYPES = new Set(["FactInput"]);
const ROW_INPUT_FIELDS = new Set(["ingestFacts"]);
const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
const at = (path: (string | number)[]) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : `$${p}`)).join("");

interface DocumentInputs { rowVariables: Set<string>; otherVariables: Set<string> }
// Per parsed document (Apollo reuses it for the same query text): its variables by kind, once it was found free of NUL literals.
const inputsOf = new WeakMap<DocumentNode, DocumentInputs>();

function documentInputs(document: DocumentNode): DocumentInputs {
  const known = inputsOf.get(document);
  if (known) return known;
  const rowVariables = new Set<string>();
  const otherVariables = new Set<string>();
  visit(document, {
    VariableDefinition(node) {
      (ROW_INPUT_TYPES.has(namedType(node.type)) ? rowVariables : otherVariables).add(node.variable.name.value);
    },
    Field(node) {
      if (ROW_INPUT_FIELDS.has(node.name.value)) return false;
    },
    StringValue(node) {
      if (node.value.includes("\u0000")) throw refuse("A string in the document holds the NUL character (\\u0000), which cannot be stored; remove it.");
    },
  });
  const inputs = { rowVariables, otherVariables };
  inputsOf.set(document, inputs);
  return inputs;
}

/**
 * BAD_USER_INPUT for input PostgreSQL or the gateway cannot take, found before anything runs: a string (or key) holding
 * U+0000, which PostgreSQL text and jsonb cannot store, in a variable or a string literal; or a variable nested deeper than
 * MAX_VARIABLE_NESTING. Walks iteratively, so no input can overflow the stack here. Fact rows (ingestFacts' input, as a
 * variable or a literal) are left to per-row validation, which rejects just the row that holds a NUL.
 */
export function assertStorableInput(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  const { rowVariables, otherVariables } = documentInputs(document);
  // A name declared as a fact row in every operation of the document (a name another operation types otherwise is checked).
  const perRow = (name: string) => rowVariables.has(name) && !otherVariables.has(name);
  const stack: { value: unknown; path: (string | number)[]; rows: boolean }[] = Object.entries(variables ?? {}).map(([k, value]) => ({ value, path: [k], rows: perRow(k) }));
  while (stack.length) {
    const { value, path, rows } = stack.pop()!;
    if (typeof value === "string") {
      if (!rows && value.includes("\u0000")) throw refuse(`Variable ${at(path)} holds the NUL character (\\u0000), which cannot be stored; remove it.`);
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (path.length > MAX_VARIABLE_NESTING) throw refuse(`Variable ${at(path.slice(0, 1))} is nested more than ${MAX_VARIABLE_NESTING} levels deep; flatten it.`);
    for (const [k, v] of Object.entries(value)) {
      if (!rows && k.includes("\u0000")) throw refuse(`Variable ${at(path)} has a key holding the NUL character (\\u0000), which cannot be stored; remove it.`);
      stack.push({ value: v, path: [...path, Array.isArray(value) ? Number(k) : k], rows });
    }
  }
}
