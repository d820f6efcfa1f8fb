import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

export enum WebhookEventType {
  syncSucceeded = "sync.succeeded",
  syncFailed = "sync.failed",
  connectionReauthorizationRequired = "connection.reauthorization_required",
  qualityBelowThreshold = "quality.below_threshold",
  experimentAnalysed = "experiment.analysed",
  modelReady = "model.ready",
  modelFailed = "model.failed",
}
registerEnumType(WebhookEventType, {
  name: "WebhookEventType",
  description: "Events a webhook endpoint can receive; the body's `type` is the value in brackets. Payloads: README, Webhooks.",
  valuesConfig: {
    syncSucceeded: { description: "A sync run finished (sync.succeeded)." },
    syncFailed: { description: "A sync run failed (sync.failed)." },
    connectionReauthorizationRequired: { description: "A sync was refused the connection's credentials (expired or revoked token); the connection is needs_reauth (connection.reauthorization_required)." },
    qualityBelowThreshold: { description: "A sync's data quality report scored below the endpoint's qualityThreshold (quality.below_threshold)." },
    experimentAnalysed: { description: "An experiment analysis was stored (experiment.analysed)." },
    modelReady: { description: "An attribution model finished training (model.ready)." },
    modelFailed: { description: "An attribution model's training failed (model.failed)." },
  },
});

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

  @Field(() => Float, { description: "qualityBelowThreshold is sent when a sync's quality score (0–1) is below this." })
  qualityThreshold!: number;

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

export const WebhookEndpointConnection = connectionOf(WebhookEndpoint, "WebhookEndpoint");
export const WebhookDeliveryConnection = connectionOf(WebhookDelivery, "WebhookDelivery");
