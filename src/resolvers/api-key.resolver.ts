import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { createApiKey, getApiKey, pageApiKeys, revokeApiKey } from "../orgs/api-keys.js";
import { PageArgs } from "../schema/page.args.js";
import { toConnection } from "../schema/connection-of.js";
import { ApiKey, ApiKeyConnection, CreatedApiKey, Role } from "../schema/api-key.type.js";
import type { Context } from "../server/context.js";

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized("admin")
  @Query(() => ApiKeyConnection, { description: "The keys of this organization, newest first (admins)." })
  async apiKeys(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageApiKeys(ctx.scope, page));
  }

  @Authorized()
  @Query(() => ApiKey, { description: "The API key in use: its name and role (what a console may offer this caller)." })
  currentApiKey(@Ctx() ctx: Context): Promise<ApiKey> {
    return getApiKey(ctx.scope, ctx.auth.keyId) as Promise<ApiKey>;
  }

  @Authorized("admin")
  @Mutation(() => CreatedApiKey, { description: "Create a key; its secret is returned once." })
  createApiKey(
    @Arg("name", () => String) name: string,
    @Arg("role", () => Role, { defaultValue: Role.viewer }) role: Role,
    @Ctx() ctx: Context,
  ): Promise<CreatedApiKey> {
    return createApiKey(ctx.scope, { name, role }) as Promise<CreatedApiKey>;
  }

  @Authorized("admin")
  @Mutation(() => ApiKey, { description: "Revoke a key at once; requests with it are refused from now on." })
  async revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    const key = await revokeApiKey(ctx.scope, id);
    // Sockets opened with the key close now, not at their next operation.
    ctx.app.events.publish("API_KEYS_CHANGED", { orgId: ctx.auth.orgId });
    return key as ApiKey;
  }
}
