import { createPubSub } from "@graphql-yoga/subscription";
import postgres from "postgres";
import { subscriberTarget, supersedable, type EventBus, type EventTopics } from "../events.js";
import type { Logger } from "../logger.js";

/** The NOTIFY channel every instance listens on. */
export const EVENTS_CHANNEL = "liftgate_events";
// NOTIFY payloads must be shorter than 8000 bytes (https://www.postgresql.org/docs/current/sql-notify.html);
// larger events go to event_payloads and the notification carries the row id.
const MAX_INLINE_BYTES = 7_500;
/** How long a by-reference payload is kept for listeners to read (they read it within milliseconds). */
const PAYLOAD_TTL = "5 minutes";

/** An event bus shared by every instance on one PostgreSQL, and how to close its connections. */
export interface PgEventBus { bus: EventBus; close(): Promise<void>; ready: Promise<void> }

/**
 * The EventBus of a multi-instance deployment: `publish` sends a NOTIFY (in publish order, over one
 * connection), and every instance's LISTEN connection — re-established by postgres.js after a
 * connection loss — delivers it to its local subscribers. Payloads keep `orgId`; subscribers
 * filter on it as with the in-process bus.
 */
export function createPgEventBus(url: string, logger: Logger): PgEventBus {
  const local = subscriberTarget();
  // One connection each: publishing in order, and listening (postgres.js reconnects and re-LISTENs).
  const pub = postgres(url, { max: 1, onnotice: () => {} });
  const sub = postgres(url, { max: 1, onnotice: () => {} });
  let sending: Promise<unknown> = Promise.resolve();
  let receiving: Promise<unknown> = Promise.resolve();
  let published = 0;

  const deliver = (topic: string, payload: unknown, latestOnly?: 1) => {
    // The mark lives beside the payload, not in it: the payload arrives as a new object.
    if (latestOnly && typeof payload === "object" && payload !== null) supersedable.add(payload);
    local.dispatchEvent(new CustomEvent(topic, { detail: payload }));
  };
  const onNotify = (text: string) => {
    // Serialized so by-reference payloads (read from the table) keep their place in the order.
    receiving = receiving.then(async () => {
      const m = JSON.parse(text) as { t: string; p?: unknown; ref?: number; s?: 1 };
      if (m.ref === undefined) return deliver(m.t, m.p, m.s);
      const [row] = await sub<{ payload: unknown }[]>`select payload from event_payloads where id = ${m.ref}`;
      if (row) deliver(m.t, row.payload, m.s);
      else logger.warn({ topic: m.t, ref: m.ref }, "event payload expired before it was read");
    }).catch((err) => logger.error({ err }, "event bus: a notification could not be delivered"));
  };
  const ready = sub.listen(EVENTS_CHANNEL, onNotify, () => logger.debug("event bus: listening")).then(() => undefined);

  const target = Object.assign(Object.create(local) as EventTarget, {
    addEventListener: local.addEventListener.bind(local),
    removeEventListener: local.removeEventListener.bind(local),
    dispatchEvent(event: Event) {
      const detail = (event as CustomEvent).detail as unknown;
      // s: the payload is supersedable (events.ts), which a subscriber that cannot keep up may skip.
      const s = typeof detail === "object" && detail !== null && supersedable.has(detail) ? 1 : undefined;
      const text = JSON.stringify({ t: event.type, p: detail, s });
      sending = sending.then(async () => {
        if (Buffer.byteLength(text) <= MAX_INLINE_BYTES) return pub.notify(EVENTS_CHANNEL, text);
        const [row] = await pub<{ id: string }[]>`insert into event_payloads (payload) values (${pub.json((event as CustomEvent).detail as postgres.JSONValue)}) returning id`;
        await pub.notify(EVENTS_CHANNEL, JSON.stringify({ t: event.type, ref: Number(row!.id), s }));
        if (++published % 100 === 0) await pub`delete from event_payloads where created_at < now() - ${PAYLOAD_TTL}::interval`;
      }).catch((err) => logger.error({ err, topic: event.type }, "event bus: an event could not be published"));
      return true;
    },
  });
  const bus = createPubSub<EventTopics>({ eventTarget: target as never });
  return {
    bus,
    ready,
    async close() {
      await sending;
      await receiving;
      await Promise.all([pub.end({ timeout: 5 }), sub.end({ timeout: 5 })]);
    },
  };
}
