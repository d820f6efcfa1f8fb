DROP INDEX "memory_items_org_kind_idx";--> statement-breakpoint
CREATE INDEX "memory_items_org_kind_date_idx" ON "memory_items" USING btree ("org_id","kind","date_from");