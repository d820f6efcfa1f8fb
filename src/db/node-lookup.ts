import { and, eq } from "drizzle-orm";
import type { OrgScope } from "./scope.js";
import { adEntities, apiKeys, experimentResults, marketingEvents, marketingFacts } from "./tables/index.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A raw id that can name a row of a uuid-keyed table (anything else names nothing). */
export const isUuid = (id: string) => UUID.test(id);

/** Rows by id within the caller's organization; null when the id names no row of this org. */
export const nodeRows = {
  async entity(scope: OrgScope, id: string) {
    if (!isUuid(id)) return null;
    const [row] = await scope.db.select().from(adEntities).where(and(eq(adEntities.orgId, scope.orgId), eq(adEntities.id, id)));
    return row ?? null;
  },
  /** A fact by its row id (the opaque id decoded by fact-ids.ts). */
  async fact(scope: OrgScope, id: number) {
    const [row] = await scope.db.select().from(marketingFacts).where(and(eq(marketingFacts.orgId, scope.orgId), eq(marketingFacts.id, id)));
    return row ?? null;
  },
  async marketingEvent(scope: OrgScope, id: string) {
    if (!isUuid(id)) return null;
    const [row] = await scope.db.select().from(marketingEvents).where(and(eq(marketingEvents.orgId, scope.orgId), eq(marketingEvents.id, id)));
    return row ?? null;
  },
  async experimentResult(scope: OrgScope, id: string) {
    if (!isUuid(id)) return null;
    const [row] = await scope.db.select().from(experimentResults).where(and(eq(experimentResults.orgId, scope.orgId), eq(experimentResults.id, id)));
    return row ?? null;
  },
  async apiKey(scope: OrgScope, id: string) {
    if (!isUuid(id)) return null;
    const [row] = await scope.db.select().from(apiKeys).where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id)));
    return row ?? null;
  },
};
