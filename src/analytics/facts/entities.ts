import { count, and, asc, eq, gt, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { adEntities, type AdEntity, type EntityLevel } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

export interface EntityKey {
  platform: string;
  level: EntityLevel;
  externalId: string;
}
export const entityKeyString = (k: EntityKey) => `${k.platform}\u0000${k.level}\u0000${k.externalId}`;

/** Load many entities by key in one statement (the DataLoader batch function). */
export async function loadEntities(scope: OrgScope, keys: readonly EntityKey[]): Promise<(AdEntity | null)[]> {
  const groups = new Map<string, { platform: string; level: EntityLevel; ids: string[] }>();
  for (const k of keys) {
    const g = groups.get(`${k.platform}\u0000${k.level}`) ?? { platform: k.platform, level: k.level, ids: [] };
    g.ids.push(k.externalId);
    groups.set(`${k.platform}\u0000${k.level}`, g);
  }
  const t = adEntities;
  const rows = groups.size
    ? await scope.db
        .select()
        .from(t)
        .where(and(eq(t.orgId, scope.orgId), or(...[...groups.values()].map((g) => and(eq(t.platform, g.platform), eq(t.level, g.level), inArray(t.externalId, g.ids))))))
    : [];
  const byKey = new Map(rows.map((r) => [entityKeyString(r), r]));
  return keys.map((k) => byKey.get(entityKeyString(k)) ?? null);
}

export interface EntityFilter {
  platforms?: string[];
  levels?: EntityLevel[];
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  parentExternalId?: string;
  ids?: string[];
}

function entityWhere(scope: OrgScope, f: EntityFilter): (SQL | undefined)[] {
  const t = adEntities;
  const parts: (SQL | undefined)[] = [eq(t.orgId, scope.orgId)];
  if (f.platforms?.length) parts.push(inArray(t.platform, f.platforms));
  if (f.levels?.length) parts.push(inArray(t.level, f.levels));
  if (f.ids?.length) parts.push(inArray(t.id, f.ids));
  if (f.nameContains) parts.push(ilike(t.name, `%${f.nameContains.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (f.parentExternalId) parts.push(eq(t.parentExternalId, f.parentExternalId));
  return parts;
}

/** Entities matching a filter (only counted when a client asks for totalCount). */
export async function countEntities(scope: OrgScope, f: EntityFilter): Promise<number> {
  const [row] = await scope.db.select({ n: count() }).from(adEntities).where(and(...entityWhere(scope, f)));
  return Number(row?.n ?? 0);
}

/** A keyset-paginated page of entities ordered by id. */
export async function listEntities(scope: OrgScope, f: EntityFilter, page: { first: number; after?: string }) {
  if (!Number.isInteger(page.first) || page.first < 0 || page.first > 1000) throw badInput("first must be between 0 and 1000.", { field: "first" });
  const t = adEntities;
  const parts = entityWhere(scope, f);
  if (page.after) parts.push(gt(t.id, decodeCursor(page.after, 1)[0] as string));
  const rows = await scope.db.select().from(t).where(and(...parts)).orderBy(asc(t.id)).limit(page.first + 1);
  const pageRows = rows.slice(0, page.first);
  return { rows: pageRows, cursors: pageRows.map((r) => encodeCursor([r.id])), hasNextPage: rows.length > page.first };
}
