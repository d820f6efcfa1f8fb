import { createPubSub } from "@graphql-yoga/subscription";

/**
 * Topics and payloads of the in-process event bus. Payloads always carry `orgId`, and every
 * subscription filters on the subscriber's org. Areas add topics here.
 */
export type EventTopics = {
  SYNC_PROGRESS: [payload: { orgId: string; runId: string; connectionId: string; [k: string]: unknown }];
  TRAINING_PROGRESS: [payload: { orgId: string; modelId: string; [k: string]: unknown }];
  /** A key of the org was revoked or changed: open WebSockets re-check their keys at once. */
  API_KEYS_CHANGED: [payload: { orgId: string }];
};

export type EventBus = ReturnType<typeof createPubSub<EventTopics>>;

export const createEventBus = (): EventBus => createPubSub<EventTopics>();
