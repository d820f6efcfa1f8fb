import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { countFacts } from "../analytics/facts/list-facts.js";
import { FactConnection } from "../schema/fact-connection.type.js";
import type { Context } from "../server/context.js";

@Resolver(() => FactConnection)
export class FactConnectionResolver {
  @FieldResolver(() => Int, { description: "Every fact matching the filter; counted only when asked for." })
  totalCount(@Root() connection: FactConnection, @Ctx() ctx: Context): Promise<number> {
    return countFacts(ctx.scope, connection.filter);
  }
}
