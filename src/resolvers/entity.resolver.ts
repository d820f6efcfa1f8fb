import { Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { countEntities, listEntities } from "../analytics/facts/entities.js";
import type { AdEntity } from "../db/tables/index.js";
import { EntitiesArgs } from "../schema/entities.args.js";
import { EntityConnection } from "../schema/entity-connection.type.js";
import { Entity, EntityLevel } from "../schema/entity.type.js";
import { edgesOf, pageInfo } from "../schema/relay.js";
import type { Context } from "../server/context.js";

const PARENT: Record<string, EntityLevel | undefined> = { ad: EntityLevel.ad_group, ad_group: EntityLevel.campaign, campaign: EntityLevel.account };

@Resolver(() => Entity)
export class EntityResolver {
  @Query(() => EntityConnection, { description: "Accounts, campaigns, ad groups and ads, keyset-paginated." })
  async entities(@Args(() => EntitiesArgs) args: EntitiesArgs, @Ctx() ctx: Context): Promise<EntityConnection> {
    const page = await listEntities(ctx.scope, args.filter ?? {}, { first: args.first, after: args.after });
    return { edges: edgesOf(page.rows as Entity[], page.cursors), pageInfo: pageInfo(page.cursors, page.hasNextPage, Boolean(args.after)), filter: args.filter ?? {} };
  }

  @FieldResolver(() => Entity, { nullable: true, description: "The entity one level up (ad → ad group → campaign → account)." })
  parent(@Root() entity: AdEntity, @Ctx() ctx: Context) {
    const level = PARENT[entity.level];
    if (!level || !entity.parentExternalId) return null;
    return ctx.loaders.entity.load({ platform: entity.platform, level, externalId: entity.parentExternalId });
  }
}

@Resolver(() => EntityConnection)
export class EntityConnectionResolver {
  @FieldResolver(() => Int, { description: "Every entity matching the filter; counted only when asked for." })
  totalCount(@Root() connection: EntityConnection, @Ctx() ctx: Context): Promise<number> {
    return countEntities(ctx.scope, connection.filter);
  }
}
