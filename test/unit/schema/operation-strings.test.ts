import { readdirSync, readFileSync } from "node:fs";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { problemsOf, sourceOperations, standIn, type SourceOperation } from "../../helpers/operations.js";

// Operations the tests, benchmarks, scripts, examples and the console write as strings are checked against
// schema.graphql like the typed documents are, so none drifts from the schema unnoticed. One meant to be invalid here
// (an error probe, another schema's operation) says so with a `graphql-probe` comment on its line or in the comment
// lines above it.
// (bench/read-path/peer has its own node_modules once installed: not ours to check)
const DIRS = ["test", "bench", "scripts", "examples", "web/src"];
const files = DIRS.flatMap((dir) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.split(/[\\/]/).includes("node_modules")).sort().map((f) => `${dir}/${f}`));
const byFile = await Promise.all(files.map(async (file) => [file, await sourceOperations(readFileSync(file, "utf8"), file)] as const));
const parses = (text: string) => { try { parse(text); return true; } catch { return false; } };

/** What is wrong with a file's operations: an unmarked invalid one, or a marked one that is valid after all. */
function wrong(ops: SourceOperation[]): string[] {
  return ops.filter((o) => parses(o.text)).flatMap((o) => {
    const problems = problemsOf(o.text);
    if (o.probe && !problems.length) return [`${o.label} is marked graphql-probe but is valid: remove the marker\n  ${o.text.trim()}`];
    if (!o.probe && problems.length) return [`${o.label} is not valid against schema.graphql (${problems.join("; ")}); fix it, or mark an intended probe with a graphql-probe comment\n  ${o.text.trim()}`];
    return [];
  });
}

describe("GraphQL operations written as strings", () => {
  it("are found in strings and templates, with constants read and other parts stood in for", async () => {
    const source = [
      'const FIELDS = "id name";',
      "const a = `{ organization { ${FIELDS} } }`;",
      "const b = (n: number, after: string, rows: string) => `{ facts(first: ${n}${after}) { edges { node { ${rows} } } } }`;",
      "// graphql-probe: misspelt",
      'const c = "{ organisation { id } }";',
      'const d = "{ organisation { id } }"; // graphql-probe: misspelt',
      'const e = "{ not graphql"; const f = `{${"x"}}`; const g = "select 1";',
      'const h = gql(url, key, `mutation { revokeApiKey(id: "${id}") { id } }`);',
    ].join("\n");
    expect(await sourceOperations(source, "x.ts")).toEqual([
      { label: "x.ts:2", text: "{ organization { id name } }", probe: false, dynamic: false },
      { label: "x.ts:3", text: "{ facts(first: 1) { edges { node { __typename } } } }", probe: false, dynamic: true },
      { label: "x.ts:5", text: "{ organisation { id } }", probe: true, dynamic: false }, // graphql-probe: the fixture's
      { label: "x.ts:6", text: "{ organisation { id } }", probe: true, dynamic: false }, // graphql-probe: the fixture's
      { label: "x.ts:7", text: "{ not graphql", probe: false, dynamic: false },
      { label: "x.ts:8", text: 'mutation { revokeApiKey(id: "1") { id } }', probe: false, dynamic: true },
    ]);
    expect([standIn("{ a(first: "), standIn("{ syncProgress"), standIn("{ a { "), standIn('{ a(id: "')]).toEqual(["1", "", "__typename", "1"]);
  });

  it("number in the hundreds across the tests, so the scan is looking where they are", () => {
    expect(byFile.flatMap(([, ops]) => ops).length).toBeGreaterThan(300);
  });

  it.each(byFile.filter(([, ops]) => ops.length))("%s: every one is valid against schema.graphql or marked as a probe", (_, ops) => {
    expect(wrong(ops)).toEqual([]);
  });
});
