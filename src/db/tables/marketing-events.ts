import { date, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { id, timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

/** The org's own dated events (promotions, launches, peak seasons), a calendar dimension. */
export const marketingEvents = pgTable(
  "marketing_events",
  {
    id: id(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** promotion | launch | peak_season | other */
    kind: text("kind").notNull().default("other"),
    /** Inclusive. */
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    description: text("description"),
    ...timestamps,
  },
  (t) => [index("marketing_events_org_dates_idx").on(t.orgId, t.startDate, t.endDate)],
);

export type MarketingEvent = InferSelectModel<typeof marketingEvents>;
