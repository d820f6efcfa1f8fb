import type { GraphQLFieldResolver, GraphQLResolveInfo } from "graphql";
import { getTableColumns } from "drizzle-orm";
import { Args, Arg, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { factIdsOf } from "../analytics/facts/fact-ids.js";
import { FACT_RELATIONS, listFacts, type FactColumns, type FactRelation, type FactWithRelations } from "../analytics/facts/list-facts.js";
import { selectedFieldsAt } from "../schema/selection.js";
import { ingestFacts } from "../analytics/facts/ingest-facts.js";
import { adEntities, marketingFacts, type MarketingFact } from "../db/tables/index.js";
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

/**
 * Fact's computed fields as plain graphql-js resolvers. They take no arguments and need no auth or middleware, and
 * a 100-fact page resolves them hundreds of times: the schema calls these directly (direct-resolvers.ts) instead
 * of through type-graphql's wrapper, which builds and sorts the parameters and awaits the middleware chain per call.
 */
export const factFields: Record<string, GraphQLFieldResolver<FactWithRelations, Context>> = {
  id: (fact, _, ctx) => factIdsOf(ctx.app).encode(fact.id),
  account: (fact, _, ctx) => levelOf(fact, "account", EntityLevel.account, fact.accountId, ctx),
  campaign: (fact, _, ctx) => levelOf(fact, "campaign", EntityLevel.campaign, fact.campaignId, ctx),
  adGroup: (fact, _, ctx) => levelOf(fact, "adGroup", EntityLevel.ad_group, fact.adGroupId, ctx),
  ad: (fact, _, ctx) => levelOf(fact, "ad", EntityLevel.ad, fact.adId, ctx),
};

// What the resolved fields of Fact and Entity read; every other field is the column of the same name.
const FACT_READS: Record<string, readonly string[]> = {
  __typename: [], id: ["id"], nodeId: ["id"], breakdowns: ["breakdowns"],
  account: ["platform", "accountId"], campaign: ["platform", "campaignId"], adGroup: ["platform", "adGroupId"], ad: ["platform", "adId"],
};
const ENTITY_READS: Record<string, readonly string[]> = { __typename: [], nodeId: ["id"], parent: ["platform", "level", "parentExternalId"] };
const FACT_KEYS = new Set(Object.keys(getTableColumns(marketingFacts)));
const ENTITY_KEYS = new Set(Object.keys(getTableColumns(adEntities)));

/** The columns a field of Fact or Entity reads, or undefined when it is neither a column nor listed (a page selecting it reads every column). */
export function columnsReadBy(type: "Fact" | "Entity", field: string): readonly string[] | undefined {
  const [keys, reads] = type === "Fact" ? [FACT_KEYS, FACT_READS] : [ENTITY_KEYS, ENTITY_READS];
  return Object.hasOwn(reads, field) ? reads[field]! : keys.has(field) ? [field] : undefined;
}

/** The columns the selected fields read; undefined (every column) when a field is neither a column nor listed in `reads`. */
function columnsFor(fields: Set<string>, keys: Set<string>, reads: Record<string, readonly string[]>): string[] | undefined {
  const columns = new Set<string>();
  for (const field of fields) {
    const read = Object.hasOwn(reads, field) ? reads[field]! : keys.has(field) ? [field] : undefined;
    if (!read) return undefined;
    for (const c of read) columns.add(c);
  }
  return [...columns].sort();
}

/** The relations a facts query reads on its nodes (the page joins them in its one statement) and the columns its fields read. */
function pageSelection(info: GraphQLResolveInfo): { relations: FactRelation[]; columns: FactColumns } {
  const fields = selectedFieldsAt(info, ["edges", "node"]);
  const relations = (Object.keys(FACT_RELATIONS) as FactRelation[]).filter((r) => fields.has(r));
  const columns: FactColumns = { fact: columnsFor(fields, FACT_KEYS, FACT_READS), relations: {} };
  for (const r of relations) columns.relations![r] = columnsFor(selectedFieldsAt(info, ["edges", "node", r]), ENTITY_KEYS, ENTITY_READS);
  return { relations, columns };
}

@Resolver(() => Fact)
export class FactResolver {
  @Query(() => FactConnection, { description: "Unified daily facts, keyset-paginated." })
  async facts(@Args(() => FactsArgs) args: FactsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<FactConnection> {
    const { connectionIds, ...rest } = args.filter ?? {};
    const filter = { ...rest, sources: connectionIds };
    const { relations, columns } = pageSelection(info);
    const page = await listFacts(ctx.scope, filter, { first: args.first, after: args.after, last: args.last, before: args.before, orderBy: args.orderBy }, factIdsOf(ctx.app), relations, columns);
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
    return factFields.id!(fact, {}, ctx, undefined as never) as string;
  }

  @FieldResolver(() => Entity, { nullable: true })
  account(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return factFields.account!(fact, {}, ctx, undefined as never);
  }

  @FieldResolver(() => Entity, { nullable: true })
  campaign(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return factFields.campaign!(fact, {}, ctx, undefined as never);
  }

  @FieldResolver(() => Entity, { nullable: true })
  adGroup(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return factFields.adGroup!(fact, {}, ctx, undefined as never);
  }

  @FieldResolver(() => Entity, { nullable: true })
  ad(@Root() fact: MarketingFact, @Ctx() ctx: Context) {
    return factFields.ad!(fact, {}, ctx, undefined as never);
  }
}
