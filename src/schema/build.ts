import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "../resolvers/index.js";
import { authChecker } from "../server/auth.js";
import type { EventBus } from "../events.js";
import { DateTimeScalar } from "./scalars.js";

/** Build the executable schema from the resolver classes (one schema per process). */
export function buildLiftgateSchema(events: EventBus): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: "error",
    pubSub: events,
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
  });
}
