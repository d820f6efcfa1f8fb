import { and, asc, eq, gte, lte } from "drizzle-orm";
import { marketingEvents, type MarketingEvent } from "../../db/tables/index.js";
import type { OrgScope } from "../../db/scope.js";
import { badInput, notFound } from "../../errors.js";
import { isIsoDate } from "../../dates.js";
import { isUuid } from "../../db/node-lookup.js";

export const EVENT_KINDS = ["promotion", "launch", "peak_season", "other"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** What a caller may set on a marketing event. */
export interface MarketingEventInput {
  /** Shown as the `event` dimension value. */
  name: string;
  /** promotion | launch | peak_season | other (default other). */
  kind?: EventKind;
  /** Inclusive YYYY-MM-DD. */
  startDate: string;
  /** Inclusive YYYY-MM-DD, on or after startDate. */
  endDate: string;
  description?: string | null;
}

const checkId = (id: string) => { if (!isUuid(id)) throw notFound("Marketing event", id); };

function validate(input: MarketingEventInput): void {
  if (!input.name?.trim()) throw badInput("Marketing event: give the event a non-empty name.");
  if (input.kind && !EVENT_KINDS.includes(input.kind)) throw badInput(`Marketing event: kind must be one of ${EVENT_KINDS.join(", ")}.`);
  if (!isIsoDate(input.startDate) || !isIsoDate(input.endDate)) throw badInput("Marketing event: startDate and endDate must be real dates written YYYY-MM-DD.");
  if (input.endDate < input.startDate) throw badInput(`Marketing event: endDate (${input.endDate}) is before startDate (${input.startDate}).`);
}

export async function createMarketingEvent(scope: OrgScope, input: MarketingEventInput): Promise<MarketingEvent> {
  validate(input);
  const [row] = await scope.db.insert(marketingEvents).values({
    orgId: scope.orgId, name: input.name.trim(), kind: input.kind ?? "other",
    startDate: input.startDate, endDate: input.endDate, description: input.description ?? null,
  }).returning();
  return row!;
}

export async function updateMarketingEvent(scope: OrgScope, id: string, input: MarketingEventInput): Promise<MarketingEvent> {
  checkId(id);
  validate(input);
  const [row] = await scope.db.update(marketingEvents)
    .set({ name: input.name.trim(), kind: input.kind ?? "other", startDate: input.startDate, endDate: input.endDate, description: input.description ?? null, updatedAt: new Date() })
    .where(and(eq(marketingEvents.orgId, scope.orgId), eq(marketingEvents.id, id)))
    .returning();
  if (!row) throw notFound("Marketing event", id);
  return row;
}

export async function deleteMarketingEvent(scope: OrgScope, id: string): Promise<void> {
  checkId(id);
  const rows = await scope.db.delete(marketingEvents).where(and(eq(marketingEvents.orgId, scope.orgId), eq(marketingEvents.id, id))).returning({ id: marketingEvents.id });
  if (rows.length === 0) throw notFound("Marketing event", id);
}

/** The org's events that overlap `from`…`to`, by start date. */
export async function listEventsOverlapping(scope: OrgScope, from: string, to: string): Promise<MarketingEvent[]> {
  return scope.db.select().from(marketingEvents)
    .where(and(eq(marketingEvents.orgId, scope.orgId), lte(marketingEvents.startDate, to), gte(marketingEvents.endDate, from)))
    .orderBy(asc(marketingEvents.startDate), asc(marketingEvents.name));
}
