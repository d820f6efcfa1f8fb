import { buildSchema, type BuildSchemaOptions } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "../resolvers/index.js";
import { authChecker } from "../server/auth.js";
import type { EventBus } from "../events.js";
import { DateTimeScalar } from "./scalars.js";
import { applyDirectResolvers } from "./direct-resolvers.js";

/** Build the executable schema from the resolver classes (one schema per process). */
export async function buildLiftgateSchema(events: EventBus): Promise<GraphQLSchema> {
  const options: BuildSchemaOptions = {
    resolvers,
    authChecker,
    authMode: "error",
    pubSub: events,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  };
  const schema = await buildSchema(options);
  // Refuses to start if these options (global middlewares) or a field's decorators need type-graphql's wrapper there.
  applyDirectResolvers(schema, options);
  return schema;
}
