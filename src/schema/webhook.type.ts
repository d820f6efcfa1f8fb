import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";

export enum WebhookEventType {
  syncSucceeded = "sync.succeeded",
  syncFailed = "sync.failed",
}
registerEnumType(WebhookEventType, { name: "WebhookEventType", description: "Events a webhook endpoint can receive (the body's `type`: sync.succeeded, sync.failed)." });

export enum WebhookDeliveryStatus {
  pending = "pending",
  succeeded = "succeeded",
  failed = "failed",
}
registerEnumType(WebhookDeliveryStatus, { name: "WebhookDeliveryStatus", description: "pending while attempts remain; failed when they are used up." });

@ObjectType({ description: "An HTTPS endpoint notified of this organization's events, each POST signed with its secret (header Liftgate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">)." })
export class WebhookEndpoint {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => [WebhookEventType])
  events!: WebhookEventType[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType()
export class CreatedWebhookEndpoint {
  @Field(() => WebhookEndpoint)
  webhookEndpoint!: WebhookEndpoint;

  @Field(() => String, { description: "The signing secret (whsec_…). Shown once; stored encrypted." })
  secret!: string;
}

@ObjectType({ description: "One event sent to one endpoint, with the outcome of its last attempt." })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => WebhookEventType)
  event!: WebhookEventType;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "HTTP status of the last attempt's answer." })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed." })
  error!: string | null;

  @Field(() => String, { description: "The JSON body sent, exactly as signed." })
  body!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}
