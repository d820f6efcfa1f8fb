import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "../resolvers/index.js";
import { authChecker } from "../server/auth.js";
import type { EventBus } from "../events.js";
import { DateTimeScalar } from "./scalars.js";
import { applyDirectResolvers } from "./direct-resolvers.js";

/** Build the executable schema from the resolver classes (one schema per process). */
export async function buildLiftgateSchema(events: EventBus): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    pubSub: events,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
  applyDirectResolvers(schema);
  return schema;
}
