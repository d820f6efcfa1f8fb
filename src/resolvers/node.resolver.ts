import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import type { GraphQLResolveInfo } from "graphql";
import { getCausalAnalysis } from "../analytics/causal/causal-analysis.service.js";
import { getAttributionModel } from "../analytics/attribution/model-service.js";
import { factIdsOf } from "../analytics/facts/fact-ids.js";
import { getExperiment } from "../analytics/experiments/experiment-service.js";
import { isUuid, nodeRows } from "../db/node-lookup.js";
import { badInput, notFound } from "../errors.js";
import { getExportLink } from "../exports/export-links.service.js";
import { getImportBatch } from "../imports/csv-import.service.js";
import { getOrganization } from "../orgs/organizations.js";
import { pluginRegistryOf } from "../plugins/registry.js";
import { Node, fromGlobalId, toGlobalId } from "../schema/node.js";
import type { Context } from "../server/context.js";
import { configSchemaOf, connectionDepsOf } from "../sync/app-deps.js";
import { getConnection } from "../sync/connection-service.js";
import { getSyncRun } from "../sync/sync-engine.js";
import { toAnalysis } from "./experiment.resolver.js";
import { toGraphql as toCausalAnalysis } from "./causal-analysis.resolver.js";

// Concrete GraphQL types that share one global-id prefix (an analysis is fetched the same way whatever its kind).
const PREFIX: Record<string, string> = { AbAnalysis: "ExperimentAnalysis", GeoAnalysis: "ExperimentAnalysis" };
// Types whose row id is a shared sequence: the global id carries their opaque id instead (FETCH decodes it).
const OPAQUE_ID: Record<string, (ctx: Context, id: number) => string> = { Fact: (ctx, id) => factIdsOf(ctx.app).encode(id) };

const uuidOnly = <T>(fetch: (ctx: Context, id: string) => Promise<T>) => (ctx: Context, id: string) => (isUuid(id) ? fetch(ctx, id) : Promise.resolve(null));
const typed = <T extends object>(typename: string, row: T | null) => (row ? Object.assign(row, { __typename: typename }) : null);

/** How each global-id prefix is fetched, always within the caller's organization (another org's id finds nothing). */
const FETCH: Record<string, (ctx: Context, id: string) => Promise<object | null>> = {
  ApiKey: async (ctx, id) => (ctx.auth.role === "admin" ? typed("ApiKey", await nodeRows.apiKey(ctx.scope, id)) : null),
  AttributionModel: uuidOnly(async (ctx, id) => typed("AttributionModel", await getAttributionModel(ctx.scope, id))),
  CausalAnalysis: uuidOnly(async (ctx, id) => typed("CausalAnalysis", toCausalAnalysis(await getCausalAnalysis(ctx.scope, id)))),
  Connection: uuidOnly(async (ctx, id) => typed("Connection", await getConnection(ctx.scope, await connectionDepsOf(ctx.app), id))),
  Connector: async (ctx, id) => {
    const p = (await pluginRegistryOf(ctx.app)).list().find((x) => x.id === id);
    return p ? typed("Connector", { ...p, configSchema: configSchemaOf(p), secretFields: [...p.secretFields], plugin: p }) : null;
  },
  Entity: async (ctx, id) => typed("Entity", await nodeRows.entity(ctx.scope, id)),
  Experiment: uuidOnly(async (ctx, id) => typed("Experiment", await getExperiment(ctx.scope, id))),
  ExperimentAnalysis: async (ctx, id) => {
    const row = await nodeRows.experimentResult(ctx.scope, id);
    if (!row) return null;
    const a = toAnalysis(row);
    return typed(a.constructor.name, a);
  },
  ExportLink: uuidOnly(async (ctx, id) => typed("ExportLink", await getExportLink(ctx.scope, id))),
  Fact: async (ctx, id) => {
    const rowId = factIdsOf(ctx.app).decode(id);
    return rowId === null ? null : typed("Fact", await nodeRows.fact(ctx.scope, rowId));
  },
  ImportBatch: uuidOnly(async (ctx, id) => typed("ImportBatch", await getImportBatch(ctx.scope, id))),
  MarketingEventType: async (ctx, id) => typed("MarketingEventType", await nodeRows.marketingEvent(ctx.scope, id)),
  Organization: async (ctx, id) => (id === ctx.auth.orgId ? typed("Organization", await getOrganization(ctx.scope)) : null),
  SyncRun: uuidOnly(async (ctx, id) => typed("SyncRun", await getSyncRun(ctx.scope, id))),
};

/** The object a global id names, or NOT_FOUND (unknown, malformed, or another organization's). */
export async function fetchNode(ctx: Context, globalId: string): Promise<object> {
  const { type, id } = fromGlobalId(globalId);
  const fetch = FETCH[type];
  const node = fetch ? await fetch(ctx, id).catch((err: { code?: string }) => (err?.code === "NOT_FOUND" ? null : Promise.reject(err))) : null;
  if (!node) throw notFound("Node", globalId);
  return node;
}

@Resolver(() => Node)
export class NodeResolver {
  @FieldResolver(() => ID)
  nodeId(@Root() row: { id: string | number }, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): string {
    const type = info.parentType.name;
    const opaque = OPAQUE_ID[type];
    return toGlobalId(PREFIX[type] ?? type, opaque ? opaque(ctx, Number(row.id)) : row.id);
  }

  @Query(() => Node, { description: "The object a global id (any `nodeId`) names; NOT_FOUND for another organization's id." })
  node(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<object> {
    return fetchNode(ctx, id);
  }

  @Query(() => [Node], { nullable: "items", description: "The objects global ids name, in order; null (with a NOT_FOUND error) for each id that names nothing of this organization." })
  async nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<(object | Error)[]> {
    if (ids.length > 100) throw badInput(`nodes takes at most 100 ids per call; this call sent ${ids.length}.`);
    return Promise.all(ids.map((id) => fetchNode(ctx, id).catch((err: Error) => err)));
  }
}
