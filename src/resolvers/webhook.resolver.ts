import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { WebhookEndpoint as WebhookEndpointRow } from "../db/tables/index.js";
import { createWebhookEndpoint, deleteWebhookEndpoint, pageWebhookEndpoints, redeliverWebhook } from "../webhooks/webhook-service.js";
import { CreatedWebhookEndpoint, WebhookDelivery, WebhookDeliveryConnection, WebhookEndpoint, WebhookEndpointConnection, WebhookEventType } from "../schema/webhook.type.js";
import { toConnection } from "../schema/connection-of.js";
import { PageArgs } from "../schema/page.args.js";
import type { Context } from "../server/context.js";

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Authorized("admin")
  @Query(() => WebhookEndpointConnection, { description: "This organization's webhook endpoints (admins), newest first." })
  async webhookEndpoints(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageWebhookEndpoints(ctx.scope, page));
  }

  @Authorized("admin")
  @Mutation(() => CreatedWebhookEndpoint, { description: "Register an https:// endpoint for events; the answer holds its signing secret, shown once." })
  async createWebhookEndpoint(
    @Arg("url", () => String) url: string,
    @Arg("events", () => [WebhookEventType]) events: WebhookEventType[],
    @Arg("qualityThreshold", () => Float, { nullable: true, description: "For qualityBelowThreshold: a score above 0 and at most 1 (default 0.9)." }) qualityThreshold: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<CreatedWebhookEndpoint> {
    const { endpoint, secret } = await createWebhookEndpoint(ctx.scope, ctx.app, { url, events, qualityThreshold });
    return { webhookEndpoint: endpoint as WebhookEndpoint, secret };
  }

  @Authorized("admin")
  @Mutation(() => Boolean, { description: "Delete an endpoint and its delivery log." })
  async deleteWebhookEndpoint(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await deleteWebhookEndpoint(ctx.scope, id);
    return true;
  }

  @Authorized("admin")
  @Mutation(() => WebhookDelivery, { description: "Send a delivery again (same body, a fresh signature and attempts)." })
  redeliverWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookDelivery> {
    return redeliverWebhook(ctx.scope, ctx.app, id) as Promise<WebhookDelivery>;
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Deliveries to this endpoint, newest first." })
  async deliveries(@Root() endpoint: WebhookEndpointRow, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await ctx.loaders.deliveryPage.load({ parent: endpoint.id, arg: page }));
  }
}
