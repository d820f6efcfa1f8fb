import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { factFields } from "../resolvers/fact.resolver.js";

/** Per object type, fields the schema resolves with plain graphql-js resolvers (no arguments, auth or middleware). */
const DIRECT: Record<string, Record<string, GraphQLFieldResolver<any, any>>> = { Fact: factFields };

/**
 * Give the hot per-row fields their plain resolvers in place of type-graphql's wrapper (the @FieldResolver methods
 * stay, so the schema and its emitted SDL are unchanged, and call the same functions).
 */
export function applyDirectResolvers(schema: GraphQLSchema): void {
  for (const [typeName, fields] of Object.entries(DIRECT)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`direct resolvers: ${typeName} is not an object type of the schema`);
    for (const [name, resolve] of Object.entries(fields)) {
      const field = type.getFields()[name];
      if (!field || field.args.length) throw new Error(`direct resolvers: ${typeName}.${name} is not an argument-free field`);
      field.resolve = resolve;
    }
  }
}
