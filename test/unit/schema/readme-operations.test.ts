import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { markdownOperations, normalised, operationsOf, problemsOf, typedOperations } from "../../helpers/operations.js";

const FILES = ["README.md", ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const found = FILES.flatMap((file) => markdownOperations(readFileSync(file, "utf8"), file));
const typed = typedOperations();

describe("operations in the README and docs", () => {
  it("are found however they are written: graphql blocks, JSON bodies, Power Query strings and inline operations", () => {
    const md = [
      "```graphql", "query { a: organization { id } }", "```",
      "```sh", `curl -d '{"query":"{ organization { \\"name\\" } }"}'`, "```",
      "```powerquery", `Body = Json.FromValue([query = "{ calendar(from: ""2024-01-01"", to: ""2024-01-02"") { date } }"])`, "```",
      "Inline `{ organization { name } }`, a sketch `subscription { syncProgress(runId: …) }`, a shape `{ raw }`, JSON `{\"query\": <q>}`.",
      "```graphql", '{ metrics(query: { measures: [spend], dateRange: { from: "${__from:date:YYYY-MM-DD}", to: "${__to:date:YYYY-MM-DD}" } }) { rows { date } } }', "```",
    ].join("\n");
    expect(markdownOperations(md, "x.md")).toEqual([
      { label: "x.md:1 (graphql)", text: "query { a: organization { id } }\n" },
      { label: "x.md:5 (json)", text: '{ organization { "name" } }' },
      { label: "x.md:8 (powerquery)", text: '{ calendar(from: "2024-01-01", to: "2024-01-02") { date } }' },
      { label: "x.md:10 (inline)", text: "{ organization { name } }" },
      { label: "x.md:11 (graphql)", text: '{ metrics(query: { measures: [spend], dateRange: { from: "2024-07-01", to: "2024-07-07" } }) { rows { date } } }\n' },
    ]);
  });

  it("include the README's curl, metrics, export link, Power BI, Grafana and webhook examples", () => {
    const kinds = found.filter((f) => f.label.startsWith("README.md")).map((f) => f.label.replace(/:\d+/, ""));
    expect(kinds.sort()).toEqual([
      "README.md (graphql)", "README.md (graphql)", "README.md (graphql)", "README.md (graphql)",
      "README.md (inline)", "README.md (inline)", "README.md (inline)", "README.md (json)", "README.md (powerquery)",
    ]);
  });

  it.each(found.map((f) => [f.label, f] as const))("%s is valid against schema.graphql", (_, f) => {
    expect(problemsOf(f.text), `${f.label}: ${f.text.trim()}`).toEqual([]);
  });

  it.each(found.map((f) => [f.label, f] as const))("%s is a typed operation in documents/", (_, f) => {
    for (const { label, op } of operationsOf(f)) {
      expect(typed.has(normalised(op)), `${label} is not in documents/ (add it, named, to documents/readme.graphql and run npm run generate):\n${normalised(op)}`).toBe(true);
    }
  });
});
