import { doublePrecision, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

/** An organization's webhook endpoint: where events are POSTed, signed with the endpoint's own secret. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** Event types delivered here, e.g. ["sync.failed", "connection.reauthorization_required"] (src/webhooks/webhook-events.ts). */
    events: text("events").array().notNull(),
    /** quality.below_threshold is sent when a sync's quality score (0–1) is below this. */
    qualityThreshold: doublePrecision("quality_threshold").notNull().default(0.9),
    /** The signing secret, AES-256-GCM encrypted like connection secrets; shown once when created. */
    secretEnc: text("secret_enc").notNull(),
    ...timestamps,
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.orgId)],
);

export type WebhookEndpoint = InferSelectModel<typeof webhookEndpoints>;
