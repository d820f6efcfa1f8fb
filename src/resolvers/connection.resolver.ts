import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { pluginRegistryOf } from "../plugins/registry.js";
import type { ConnectorPlugin } from "../plugins/types.js";
import { Connection, ConnectionCheck, ConnectionConnection } from "../schema/connection.type.js";
import { toConnection } from "../schema/connection-of.js";
import { PageArgs } from "../schema/page.args.js";
import { CreateConnectionInput, UpdateConnectionInput } from "../schema/connection.input.js";
import { Connector, ConnectorStream } from "../schema/connector.type.js";
import type { Context } from "../server/context.js";
import { configSchemaOf, connectionDepsOf } from "../sync/app-deps.js";
import { createConnection, deleteConnection, getConnection, pageConnections, testConnection, updateConnection } from "../sync/connection-service.js";
import { pluginContext } from "../sync/plugin-context.js";

@Resolver(() => Connector)
export class ConnectorResolver {
  @Query(() => [Connector], { description: "Connector plugins this gateway can run." })
  async connectors(@Ctx() ctx: Context) {
    return (await pluginRegistryOf(ctx.app)).list().map((p) => ({ ...p, configSchema: configSchemaOf(p), secretFields: [...p.secretFields], plugin: p }));
  }

  @FieldResolver(() => [ConnectorStream], { description: "Streams as discovered with the sample config." })
  async streams(@Root() c: { plugin: ConnectorPlugin<any> }, @Ctx() ctx: Context) {
    try {
      return await c.plugin.discover(c.plugin.sampleConfig, pluginContext(ctx.logger, AbortSignal.timeout(5_000)));
    } catch {
      return [];
    }
  }
}

@Resolver(() => Connection)
export class ConnectionResolver {
  @Query(() => ConnectionConnection, { description: "This organization's connections, newest first." })
  async connections(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageConnections(ctx.scope, await connectionDepsOf(ctx.app), page));
  }

  @Query(() => Connection)
  async connection(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return getConnection(ctx.scope, await connectionDepsOf(ctx.app), id);
  }

  @Authorized("admin")
  @Mutation(() => Connection, { description: "Create a connection; config is validated against the connector's spec, secrets are encrypted." })
  async createConnection(@Arg("input", () => CreateConnectionInput) input: CreateConnectionInput, @Ctx() ctx: Context) {
    return createConnection(ctx.scope, await connectionDepsOf(ctx.app), input);
  }

  @Authorized("admin")
  @Mutation(() => Connection)
  async updateConnection(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateConnectionInput) input: UpdateConnectionInput, @Ctx() ctx: Context) {
    return updateConnection(ctx.scope, await connectionDepsOf(ctx.app), id, input);
  }

  @Authorized("admin")
  @Mutation(() => Boolean, { description: "Delete a connection with its runs, state and raw records (loaded facts stay)." })
  deleteConnection(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return deleteConnection(ctx.scope, id);
  }

  @Authorized("editor")
  @Mutation(() => ConnectionCheck, { description: "Run the connector's check with the stored credentials." })
  async testConnection(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return testConnection(ctx.scope, await connectionDepsOf(ctx.app), id);
  }
}
