import { and, eq, inArray, isNotNull, lte, gte, sql, type SQL } from "drizzle-orm";
import { memoryItems, type MemoryKind } from "../../db/tables/memory-items.js";
import { badInput } from "../../errors.js";

export const MEMORY_KINDS: readonly MemoryKind[] = ["account", "campaign", "ad_group", "ad", "campaign_day", "sync_run", "experiment", "model"];

/** Narrows a search; every member is optional and they combine with AND. */
export interface SearchFilter {
  /** Only items of these platforms ("meta", "google_ads", …). */
  platforms?: string[];
  /** Only items dated within this inclusive range (items without a date are left out). */
  dateRange?: { from: string; to: string };
  /** Only these kinds of item. */
  kinds?: MemoryKind[];
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reject a filter that cannot match anything meaningful, with a message that says what to fix. */
export function validateFilter(f: SearchFilter = {}): void {
  const bad = (f.kinds ?? []).filter((k) => !MEMORY_KINDS.includes(k));
  if (bad.length) throw badInput(`Unknown memory kind(s): ${bad.join(", ")}. Use one of ${MEMORY_KINDS.join(", ")}.`);
  if (f.dateRange) {
    const { from, to } = f.dateRange;
    if (!ISO_DAY.test(from) || !ISO_DAY.test(to)) throw badInput("dateRange.from and dateRange.to must be YYYY-MM-DD dates.");
    if (from > to) throw badInput(`dateRange.from (${from}) is after dateRange.to (${to}).`);
  }
}

/** The SQL conditions of a filter for one org (always org-scoped). */
export function filterConditions(orgId: string, f: SearchFilter = {}): SQL {
  const conds: SQL[] = [eq(memoryItems.orgId, orgId)];
  if (f.kinds?.length) conds.push(inArray(memoryItems.kind, f.kinds));
  if (f.platforms?.length) conds.push(inArray(memoryItems.platform, f.platforms));
  if (f.dateRange) {
    conds.push(isNotNull(memoryItems.dateFrom));
    conds.push(lte(memoryItems.dateFrom, f.dateRange.to));
    conds.push(gte(sql`coalesce(${memoryItems.dateTo}, ${memoryItems.dateFrom})`, f.dateRange.from));
  }
  return and(...conds)!;
}
