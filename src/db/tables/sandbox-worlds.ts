import { jsonb, pgTable, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { timestamps } from "./columns.js";
import { organizations } from "./organizations.js";

/**
 * The sandbox world behind a demo organization: the options that regenerate it on every start, and
 * its ground truth (parameters, true revenue, per-channel incremental revenue) for checking the causal module.
 */
export const sandboxWorlds = pgTable("sandbox_worlds", {
  orgId: uuid("org_id").primaryKey().references(() => organizations.id, { onDelete: "cascade" }),
  /** WorldOptions (seed, start, end, sizes) fixed at the first start. */
  options: jsonb("options").$type<Record<string, unknown>>().notNull(),
  /** WorldTruth document (src/plugins/sandbox/world-truth.ts). */
  truth: jsonb("truth").$type<Record<string, unknown>>().notNull(),
  ...timestamps,
});

export type SandboxWorldRow = InferSelectModel<typeof sandboxWorlds>;
