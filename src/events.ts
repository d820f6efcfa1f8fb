import { setMaxListeners } from "node:events";
import { createPubSub } from "@graphql-yoga/subscription";

/**
 * Topics and payloads of the in-process event bus. Payloads always carry `orgId`, and every
 * subscription filters on the subscriber's org. Areas add topics here.
 */
export type EventTopics = {
  SYNC_PROGRESS: [payload: { orgId: string; runId: string; connectionId: string; [k: string]: unknown }];
  TRAINING_PROGRESS: [payload: { orgId: string; modelId: string; [k: string]: unknown }];
  /** An experiment analysis was stored (experiment_results row `analysisId`). */
  EXPERIMENT_ANALYSED: [payload: { orgId: string; experimentId: string; analysisId: string }];
  /** A key of the org was revoked or changed: open WebSockets re-check their keys at once. */
  API_KEYS_CHANGED: [payload: { orgId: string }];
};

/**
 * Payloads that a later payload of the same topic and subject makes obsolete (a run's progress snapshot while it goes on):
 * a subscriber that cannot keep up may be sent only the latest of them. Every other payload is always delivered.
 */
export const supersedable = new WeakSet<object>();

export type EventBus = ReturnType<typeof createPubSub<EventTopics>>;

/**
 * The EventTarget subscribers listen on. Each open subscription is one listener of its topic, removed
 * when the subscription ends, so 1,000 dashboards following syncProgress are 1,000 listeners by design,
 * not a leak: Node's warning at 10 listeners (MaxListenersExceededWarning) is switched off for it.
 * Open subscriptions are bounded by the WebSocket server's limits instead.
 */
export function subscriberTarget(): EventTarget {
  const target = new EventTarget();
  setMaxListeners(0, target);
  return target;
}

export const createEventBus = (eventTarget: EventTarget = subscriberTarget()): EventBus => createPubSub<EventTopics>({ eventTarget: eventTarget as never });
