import { describe, expect, it } from "vitest";
import { buildSchema, execute, GraphQLError, parse } from "graphql";
import { ApolloServer } from "@apollo/server";
import { jitExecutor } from "../../../src/server/jit-executor.js";

const schema = buildSchema(`
  interface Named { name: String! }
  type Item implements Named { name: String! price: Float at: String }
  type Query { items: [Item!]! broken: Item lost: Item! named: [Named!]! }
  type Mutation { bump: Int! }
`);
const thrown = Object.assign(new Error("no such item"), { extensions: { code: "NOT_FOUND" } });
let bumps = 0;
const root = {
  items: () => [{ name: "a", price: 1.5, at: "2024-01-01" }, { name: "b", price: null, at: null }],
  broken: () => { throw thrown; },
  lost: () => null,
  // Async, as type-graphql's resolveType wrapper is: graphql-jit does not await it.
  named: () => [{ name: "n" }],
  bump: () => ++bumps,
};
(schema.getType("Named") as unknown as { resolveType: () => Promise<string> }).resolveType = async () => "Item";
for (const [type, fields] of [["Query", ["items", "broken", "lost", "named"]], ["Mutation", ["bump"]]] as const)
  for (const f of fields) (schema.getType(type) as any).getFields()[f].resolve = (root as any)[f];

const run = async (max: number, query: string, operations: string[] = []) => {
  const jit = jitExecutor(schema, max);
  const apollo = new ApolloServer({ gateway: jit.gateway, includeStacktraceInErrorResponses: false });
  await apollo.start();
  const answers = [];
  for (const q of [query, ...operations]) {
    const r = await apollo.executeOperation({ query: q });
    answers.push(r.body.kind === "single" ? JSON.parse(JSON.stringify(r.body.singleResult)) : undefined);
  }
  const size = jit.size();
  await apollo.stop();
  return { answers, size };
};
const graphqlJs = async (query: string) => JSON.parse(JSON.stringify(await execute({ schema, document: parse(query) })));

describe("queries compiled by graphql-jit under Apollo", () => {
  it("answers a query exactly as graphql-js does", async () => {
    const query = "{ items { name price at } }"; // graphql-probe: this file's own small schema
    expect((await run(10, query)).answers[0]).toEqual(await graphqlJs(query));
  });

  it("keeps a resolver's error as graphql-js gives it to Apollo: message, path, locations and its extensions", async () => {
    const { answers } = await run(10, "{ items { name } broken { name } }"); // graphql-probe: this file's own small schema
    expect(answers[0]).toEqual({
      data: { items: [{ name: "a" }, { name: "b" }], broken: null },
      errors: [{ message: "no such item", locations: [{ line: 1, column: 18 }], path: ["broken"], extensions: { code: "NOT_FOUND" } }],
    });
  });

  it("nulls the nearest nullable parent for a null non-null field, as graphql-js does", async () => {
    // lost is non-null: the whole data goes null.
    const query = "{ items { name } lost { name } }"; // graphql-probe: this file's own small schema
    const { answers } = await run(10, query);
    expect(answers[0]).toEqual({ data: null, errors: [{ message: "Cannot return null for non-nullable field Query.lost.", locations: [{ line: 1, column: 18 }], path: ["lost"], extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  });

  it("runs a document that selects an interface on graphql-js (an async resolveType)", async () => {
    expect((await run(10, "{ named { name __typename } }")).answers[0]).toEqual({ data: { named: [{ name: "n", __typename: "Item" }] } }); // graphql-probe: this file's own small schema
  });

  it("runs mutations on graphql-js, compiling nothing", async () => {
    const { answers, size } = await run(10, "mutation { bump }"); // graphql-probe: this file's own small schema
    expect([answers[0].data.bump > 0, size]).toEqual([true, 0]);
  });

  it("holds at most the given number of compiled documents", async () => {
    const { answers, size } = await run(2, "{ items { name } }", ["{ items { price } }", "{ items { at } }", "{ items { name } }"]); // graphql-probe: this file's own small schema
    expect([answers.map((a) => Object.keys(a.data.items[0])), size]).toEqual([[["name"], ["price"], ["at"], ["name"]], 2]);
  });

  it("gives graphql-js's GraphQLError class to formatError", async () => {
    const jit = jitExecutor(schema, 10);
    const seen: unknown[] = [];
    const apollo = new ApolloServer({ gateway: jit.gateway, formatError: (f, e) => { seen.push(e); return f; } });
    await apollo.start();
    await apollo.executeOperation({ query: "{ broken { name } }" }); // graphql-probe: this file's own small schema
    await apollo.stop();
    expect([seen[0] instanceof GraphQLError, (seen[0] as GraphQLError).originalError]).toEqual([true, thrown]);
  });
});
