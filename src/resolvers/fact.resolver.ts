import type { GraphQLResolveInfo } from "graphql";
import { Args, Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { factIdsOf } from "../analytics/facts/fact-ids.js";
import { FACT_RELATIONS, listFacts, type FactRelation, type FactWithRelations } from "../analytics/facts/list-facts.js";
import { selectedFieldsAt } from "../schema/selection.js";
import { ingestFacts } from "../analytics/facts/ingest-facts.js";
import type { MarketingFact } from "../db/tables/index.js";
import { Entity, EntityLevel } from "../schema/entity.type.js";
import { FactConnection } from "../schema/fact-connection.type.js";
import { FactInput } from "../schema/fact.input.js";
import { Fact } from "../schema/fact.type.js";
import { FactsArgs } from "../schema/facts.args.js";
import { IngestResult } from "../schema/ingest-result.type.js";
import { BreakdownValue, breakdownList } from "../schema/metrics-row.type.js";
import { edgesOf, pageInfo } from "../schema/relay.js";
import type { Context } from "../server/context.js";

// The page's own join when it fetched the relation, else the per-request DataLoader (one batch per tick).
const levelOf = (fact: FactWithRelations, relation: FactRelation, level: EntityLevel, id: string, ctx: Context) =>
  !id ? null : fact.joined?.[relation] !== undefined ? (fact.joined[relation] as Entity | null) : (ctx.loaders.entity.load({ platform: fact.platform, level, externalId: id }) as Promise<Entity | null>);

/** The relations a facts query reads on its nodes: the page joins them in its one statement. */
const relationsSelected = (info: GraphQLResolveInfo): FactRelation[] => {
  const fields = selectedFieldsAt(info, ["edges", "node"]);
  return (Object.keys(FACT_RELATIONS) as FactRelation[]).filter((r) => fields.has(r));
};

@Resolver(() => Fact)
export class FactResolver {
  @Query(() => FactConnection, { description: "Unified daily facts, keyset-paginated." })
  async facts(@Args(() => FactsArgs) args: FactsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<FactConnection> {
    const { connectionIds, ...rest } = args.filter ?? {};
    const filter = { ...rest, sources: connectionIds };
    const page = await listFacts(ctx.scope, filter, { first: args.first, after: args.after, last: args.last, before: args.before, orderBy: args.orderBy }, factIdsOf(ctx.app), relationsSelected(info));
    return {
      edges: edgesOf(page.rows as unknown as Fact[], page.cursors),
      pageInfo: pageInfo(page.cursors, page.hasNextPage, page.hasPreviousPage),
      filter,
    };
  }

  @Authorized("editor")
  @Mutation(() => IngestResult, {
    description: "Upsert already-unified rows. Bad rows come back with their index and reason; good rows are stored.",
  })
  ingestFacts(@Arg("input", () => [FactInput]) input: FactInput[], @Ctx() ctx: Context): Promise<IngestResult> {
    const rows = input.map(({ breakdowns, ...r }) => ({ ...r, ...(breakdowns ? { breakdowns: Object.fromEntries(breakdowns.map((b) => [b.field, b.value])) } : {}) }));
    return ingestFacts(ctx.scope, rows, ctx.app.config.ingestMaxRows);
  }

  @FieldResolver(() => [BreakdownValue], { description: "Breakdown values, e.g. [{ field: \"age\", value: \"25-34\" }]; empty for the main stream." })
  breakdowns(@Root() fact: MarketingFact): BreakdownValue[] {
    return breakdownList(fact.breakdowns as Record<string, string>);
  }

  @FieldResolver(() => ID)
  id(@Root() fact: MarketingFact, @Ctx() ctx: Context): string {
    return factIdsOf(ctx.app).encode(fact.id);
  }

  @FieldResolver(() => Entity, { nullable: true })
  account(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return levelOf(fact, "account", EntityLevel.account, fact.accountId, ctx);
  }

  @FieldResolver(() => Entity, { nullable: true })
  campaign(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return levelOf(fact, "campaign", EntityLevel.campaign, fact.campaignId, ctx);
  }

  @FieldResolver(() => Entity, { nullable: true })
  adGroup(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return levelOf(fact, "adGroup", EntityLevel.ad_group, fact.adGroupId, ctx);
  }

  @FieldResolver(() => Entity, { nullable: true })
  ad(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return levelOf(fact, "ad", EntityLevel.ad, fact.adId, ctx);
  }
}
