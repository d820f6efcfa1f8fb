import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printLiftgateSchema } from "../../../scripts/schema.js";
import { generate } from "../../../codegen.js";

describe("committed schema artifacts", () => {
  it("schema.graphql matches the code-first schema (run `npm run generate` when it does not)", async () => {
    expect(await printLiftgateSchema()).toBe(readFileSync("schema.graphql", "utf8"));
  });

  it("generated/graphql.ts matches schema.graphql and documents/ (run `npm run generate` when it does not)", async () => {
    expect(await generate()).toBe(readFileSync("generated/graphql.ts", "utf8"));
  });

  it("generated/graphql.ts types every result and variable without `any`", () => {
    const code = readFileSync("generated/graphql.ts", "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code.match(/.*\bany\b.*/g)).toBeNull();
  });
});
