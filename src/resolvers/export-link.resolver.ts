import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ExportLink as ExportLinkRow } from "../db/tables/index.js";
import { badInput } from "../errors.js";
import { createExportLink, exportLinkPath, linkStatus, pageExportLinks, revokeExportLink } from "../exports/export-links.service.js";
import { CreateExportLinkArgs } from "../schema/export-link.args.js";
import { PageArgs } from "../schema/page.args.js";
import { toConnection } from "../schema/connection-of.js";
import { CreatedExportLink, ExportLink, ExportLinkConnection, ExportLinkStatus } from "../schema/export-link.type.js";
import type { Context } from "../server/context.js";
import { toMetricsQuery } from "./metrics.resolver.js";

@Resolver(() => ExportLink)
export class ExportLinkResolver {
  @Authorized()
  @Query(() => ExportLinkConnection, { description: "This organization's export links, newest first (tokens are never shown again)." })
  async exportLinks(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageExportLinks(ctx.scope, page));
  }

  @Authorized()
  @Mutation(() => CreatedExportLink, { description: "A CSV URL for tools that can only GET (IMPORTDATA, Excel/Power BI From Web, Looker Studio): bound to this organization, this query and an expiry; no Authorization header needed." })
  async createExportLink(@Args(() => CreateExportLinkArgs) args: CreateExportLinkArgs, @Ctx() ctx: Context): Promise<CreatedExportLink> {
    if (Boolean(args.metrics) === Boolean(args.causalDataset)) throw badInput("Give exactly one of metrics or causalDataset: the query the link serves.");
    const base = { name: args.name, expiresIn: args.expiresIn };
    const input = args.metrics
      ? { ...base, kind: "metrics" as const, query: (({ limit: _l, after: _a, ...q }) => q)(toMetricsQuery(args.metrics)) }
      : { ...base, kind: "causal_dataset" as const, query: { ...args.causalDataset! } };
    const { link, token } = await createExportLink(ctx.scope, ctx.auth.keyId, input);
    return { exportLink: link as ExportLink, url: `${ctx.baseUrl}${exportLinkPath(token)}` };
  }

  @Authorized()
  @Mutation(() => ExportLink, { description: "Revoke a link at once (admins, or the key that created it); its URL answers 401 from now on." })
  revokeExportLink(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ExportLink> {
    return revokeExportLink(ctx.scope, ctx.auth, id) as Promise<ExportLink>;
  }

  @FieldResolver(() => ExportLinkStatus, { description: "active until it expires or is revoked." })
  status(@Root() link: ExportLinkRow): ExportLinkStatus {
    return linkStatus(link) as ExportLinkStatus;
  }
}
