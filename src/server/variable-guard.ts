import { GraphQLError, visit, type DocumentNode } from "graphql";

// How deep a variable's value may nest: far beyond any input of this schema (filters, configs, extras), far below where
// recursive code (JSON.stringify of a jsonb value, coercion) overflows the stack.
export const MAX_VARIABLE_NESTING = 64;

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
const at = (path: (string | number)[]) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : `$${p}`)).join("");

/**
 * BAD_USER_INPUT for input PostgreSQL or the gateway cannot take, found before anything runs: a string (or key) holding
 * U+0000, which PostgreSQL text and jsonb cannot store, in a variable or a string literal; or a variable nested deeper than
 * MAX_VARIABLE_NESTING. Walks iteratively, so no input can overflow the stack here.
 */
export function assertStorableInput(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void {
  visit(document, {
    StringValue(node) {
      if (node.value.includes("\u0000")) throw refuse("A string in the document holds the NUL character (\\u0000), which cannot be stored; remove it.");
    },
  });
  const stack: { value: unknown; path: (string | number)[] }[] = Object.entries(variables ?? {}).map(([k, value]) => ({ value, path: [k] }));
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes("\u0000")) throw refuse(`Variable ${at(path)} holds the NUL character (\\u0000), which cannot be stored; remove it.`);
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (path.length > MAX_VARIABLE_NESTING) throw refuse(`Variable ${at(path.slice(0, 1))} is nested more than ${MAX_VARIABLE_NESTING} levels deep; flatten it.`);
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("\u0000")) throw refuse(`Variable ${at(path)} has a key holding the NUL character (\\u0000), which cannot be stored; remove it.`);
      stack.push({ value: v, path: [...path, Array.isArray(value) ? Number(k) : k] });
    }
  }
}
