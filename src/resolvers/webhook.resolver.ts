import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { WebhookEndpoint as WebhookEndpointRow } from "../db/tables/index.js";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, redeliverWebhook } from "../webhooks/webhook-service.js";
import { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEventType } from "../schema/webhook.type.js";
import type { Context } from "../server/context.js";

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Authorized("admin")
  @Query(() => [WebhookEndpoint], { description: "This organization's webhook endpoints (admins)." })
  webhookEndpoints(@Ctx() ctx: Context): Promise<WebhookEndpoint[]> {
    return listWebhookEndpoints(ctx.scope) as Promise<WebhookEndpoint[]>;
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

  @FieldResolver(() => [WebhookDelivery], { description: "Deliveries to this endpoint, newest first." })
  deliveries(@Root() endpoint: WebhookEndpointRow, @Arg("limit", () => Int, { defaultValue: 50 }) limit: number, @Ctx() ctx: Context): Promise<WebhookDelivery[]> {
    return listWebhookDeliveries(ctx.scope, endpoint.id, limit) as Promise<WebhookDelivery[]>;
  }
}
