import { bigint, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { InferSelectModel } from "drizzle-orm";
import { organizations } from "./organizations.js";
import { importBatches } from "./import-batches.js";

/** A CSV row an import could not load: its line, the reason, and the original cells (downloadable for fixing). */
export const importRejects = pgTable(
  "import_rejects",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id").notNull().references(() => importBatches.id, { onDelete: "cascade" }),
    /** 1-based line in the file where the row starts. */
    line: integer("line").notNull(),
    reason: text("reason").notNull(),
    cells: jsonb("cells").$type<string[]>().notNull().default([]),
  },
  (t) => [index("import_rejects_batch_idx").on(t.batchId, t.line)],
);

export type ImportReject = InferSelectModel<typeof importRejects>;
