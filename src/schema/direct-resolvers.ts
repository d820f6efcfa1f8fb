import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { isObjectType } from "graphql";
import { getMetadataStorage, type BuildSchemaOptions } from "type-graphql";
import { factFields, FactResolver } from "../resolvers/fact.resolver.js";
import { Fact } from "./fact.type.js";

/** Per object type, fields the schema resolves with plain graphql-js resolvers, and the classes that declare them. */
const DIRECT: Record<string, { classes: Function[]; fields: Record<string, GraphQLFieldResolver<any, any>> }> = {
  Fact: { classes: [Fact, FactResolver], fields: factFields },
};

/**
 * Give the hot per-row fields their plain resolvers in place of type-graphql's wrapper (the @FieldResolver methods
 * stay, so the schema and its emitted SDL are unchanged, and call the same functions). A plain resolver runs no
 * type-graphql middleware and no auth check, so it refuses to start when either would apply to one of these fields:
 * global middlewares, @UseMiddleware or @Authorized on the field or its class, or arguments.
 */
export function applyDirectResolvers(schema: GraphQLSchema, options: Pick<BuildSchemaOptions, "globalMiddlewares">): void {
  if (options.globalMiddlewares?.length)
    throw new Error(
      `direct resolvers: buildSchema has globalMiddlewares, which the plain resolvers of ${directFieldNames().join(", ")} would skip. ` +
        "Take those fields out of DIRECT in src/schema/direct-resolvers.ts (type-graphql then resolves them, middleware included), or drop the global middleware.",
    );
  const storage = getMetadataStorage();
  for (const [typeName, { classes, fields }] of Object.entries(DIRECT)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`direct resolvers: ${typeName} is not an object type of the schema`);
    const onClass = [...storage.resolverMiddlewares, ...storage.authorizedResolver].some((m) => classes.includes(m.target));
    for (const [name, resolve] of Object.entries(fields)) {
      const field = type.getFields()[name];
      if (!field || field.args.length) throw new Error(`direct resolvers: ${typeName}.${name} is not an argument-free field`);
      const onField = [...storage.middlewares, ...storage.authorizedFields].some((m) => classes.includes(m.target) && m.fieldName === name);
      if (onClass || onField)
        throw new Error(`direct resolvers: ${typeName}.${name} has @UseMiddleware or @Authorized, which its plain resolver would skip; take it out of DIRECT in src/schema/direct-resolvers.ts`);
      field.resolve = resolve;
    }
  }
}

const directFieldNames = () => Object.entries(DIRECT).flatMap(([type, { fields }]) => Object.keys(fields).map((f) => `${type}.${f}`));
