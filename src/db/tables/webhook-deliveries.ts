import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";
import { webhookEndpoints } from "./webhook-endpoints.js";

/** One event sent (or being sent) to one endpoint, with the outcome of its last attempt. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").notNull().references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** What the event is about, e.g. "sync_run:<id>:failed": one delivery per endpoint however many instances saw the event. */
    eventKey: text("event_key").notNull(),
    /** The JSON body sent, exactly as signed. */
    body: text("body").notNull(),
    /** pending | succeeded | failed (attempts used up). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    error: text("error"),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [index("webhook_deliveries_endpoint_idx").on(t.orgId, t.endpointId, t.createdAt), uniqueIndex("webhook_deliveries_event_key").on(t.endpointId, t.eventKey)],
);

export type WebhookDelivery = InferSelectModel<typeof webhookDeliveries>;
