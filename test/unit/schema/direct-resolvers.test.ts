import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { isObjectType } from "graphql";
import { createEventBus } from "../../../src/events.js";
import { buildLiftgateSchema } from "../../../src/schema/build.js";
import { applyDirectResolvers } from "../../../src/schema/direct-resolvers.js";
import { columnsReadBy, factFields } from "../../../src/resolvers/fact.resolver.js";

describe("Fact's plain resolvers and the columns a page reads", () => {
  it("installs the plain resolvers on Fact's id, account, campaign, adGroup and ad", async () => {
    const fields = (await buildLiftgateSchema(createEventBus())).getType("Fact");
    if (!isObjectType(fields)) throw new Error("Fact is not an object type");
    for (const name of ["id", "account", "campaign", "adGroup", "ad"]) expect(fields.getFields()[name]!.resolve).toBe(factFields[name]);
  });

  it("refuses to start when buildSchema has global middlewares, which the plain resolvers would skip", async () => {
    const globalMiddlewares = [async (_: unknown, next: () => Promise<unknown>) => next()];
    const schema = await buildLiftgateSchema(createEventBus());
    expect(() => applyDirectResolvers(schema, { globalMiddlewares })).toThrow(
      "direct resolvers: buildSchema has globalMiddlewares, which the plain resolvers of Fact.id, Fact.account, Fact.campaign, Fact.adGroup, Fact.ad would skip. " +
        "Take those fields out of DIRECT in src/schema/direct-resolvers.ts (type-graphql then resolves them, middleware included), or drop the global middleware.",
    );
  });

  // A field that is neither a column nor in FACT_READS / ENTITY_READS makes every page that selects it read all 27 columns.
  it.each(["Fact", "Entity"] as const)("every field of %s is a column or says which columns it reads", async (typeName) => {
    const type = (await buildLiftgateSchema(createEventBus())).getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const unread = Object.keys(type.getFields()).filter((field) => columnsReadBy(typeName, field) === undefined);
    expect(unread).toEqual([]);
  });
});
