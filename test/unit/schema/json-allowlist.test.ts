import { readFileSync } from "node:fs";
import { buildSchema, getNamedType, isInputObjectType, isInterfaceType, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";

// JSON stays only where the shape is open by nature: a connector's config and its JSON Schema, platform
// extras, raw platform records, and the sandbox world's truth. Every other result a client reads is a type.
const ALLOWED = [
  "Connection.config",
  "Connector.configSchema",
  "CreateConnectionInput.config",
  "Entity.extras",
  "Fact.extras",
  "FactInput.extras",
  "IngestRecordsInput.records",
  "PreviewEntity.extras",
  "PreviewFact.extras",
  "PreviewTransformInput.config",
  "PreviewTransformInput.records",
  "Query.sandboxTruth",
  "UpdateConnectionInput.config",
];

/** Every field, input field and argument of schema.graphql whose type is JSON, as Type.field (or Type.field(arg)). */
function jsonUses(sdl: string): string[] {
  const schema = buildSchema(sdl);
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const f of Object.values(type.getFields())) {
        if (getNamedType(f.type).name === "JSON") out.push(`${type.name}.${f.name}`);
        for (const a of f.args) if (getNamedType(a.type).name === "JSON") out.push(`${type.name}.${f.name}(${a.name})`);
      }
    } else if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (getNamedType(f.type).name === "JSON") out.push(`${type.name}.${f.name}`);
    }
  }
  return out.sort();
}

describe("JSON in the schema", () => {
  it("appears only on the allowlist of open-by-nature shapes (add a GraphQL type instead of a new JSON field)", () => {
    expect(jsonUses(readFileSync("schema.graphql", "utf8"))).toEqual(ALLOWED);
  });

  it("is found wherever it is used, arguments included", () => {
    expect(jsonUses("scalar JSON type Query { a: JSON b(x: JSON): Int c: [JSON!] } input I { d: JSON }")).toEqual(["I.d", "Query.a", "Query.b(x)", "Query.c"]);
  });
});
