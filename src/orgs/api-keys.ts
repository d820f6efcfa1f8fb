import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { OrgScope } from "../db/scope.js";
import { apiKeys, type ApiKey, type ApiKeyRole } from "../db/tables/index.js";
import { badInput, notFound } from "../errors.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import { isUuid } from "../db/node-lookup.js";

export const ROLES: readonly ApiKeyRole[] = ["viewer", "editor", "admin"];
const KEY_PATTERN = /^lg_([a-z0-9]{8})_([A-Za-z0-9_-]{32})$/;

/** SHA-256 of the whole key; only this is stored. */
export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** A new key: `lg_<8 char prefix>_<32 char secret>`; the caller sees it once. */
export function generateKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0").slice(0, 8);
  const key = `lg_${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix: `lg_${prefix}` };
}

export interface CreatedKey {
  apiKey: ApiKey;
  /** The full key, returned once at creation and never again. */
  secret: string;
}

export async function createApiKey(scope: OrgScope, input: { name: string; role: ApiKeyRole }): Promise<CreatedKey> {
  const name = input.name.trim();
  if (!name) throw badInput("A key needs a name, e.g. \"looker\" or \"ci\".", { field: "name" });
  if (!ROLES.includes(input.role)) throw badInput(`Unknown role "${input.role}"; use one of ${ROLES.join(", ")}.`, { field: "role" });
  const { key, prefix } = generateKey();
  const [apiKey] = await scope.db
    .insert(apiKeys)
    .values({ orgId: scope.orgId, name, role: input.role, prefix, secretHash: hashKey(key) })
    .returning();
  return { apiKey: apiKey!, secret: key };
}

export function listApiKeys(scope: OrgScope): Promise<ApiKey[]> {
  return scope.db.select().from(apiKeys).where(eq(apiKeys.orgId, scope.orgId)).orderBy(desc(apiKeys.createdAt));
}

/** One key of this organization, or NOT_FOUND. */
export async function getApiKey(scope: OrgScope, id: string): Promise<ApiKey> {
  if (!isUuid(id)) throw notFound("API key", id);
  const [row] = await scope.db.select().from(apiKeys).where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id)));
  if (!row) throw notFound("API key", id);
  return row;
}

export async function revokeApiKey(scope: OrgScope, id: string): Promise<ApiKey> {
  if (!isUuid(id)) throw notFound("API key", id);
  const [row] = await scope.db
    .update(apiKeys)
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return row;
  const [existing] = await scope.db.select().from(apiKeys).where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id)));
  if (!existing) throw notFound("API key", id);
  return existing;
}

export interface VerifiedKey {
  keyId: string;
  orgId: string;
  role: ApiKeyRole;
}

// last_used_at is written at most once a minute per key, not on every request.
const LAST_USED_INTERVAL_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/** The org and role of a presented key, or null when it is malformed, unknown or revoked. */
export async function verifyApiKey(db: Db, presented: string): Promise<VerifiedKey | null> {
  if (!KEY_PATTERN.test(presented)) return null;
  const hash = hashKey(presented);
  const [row] = await db
    .select({ id: apiKeys.id, orgId: apiKeys.orgId, role: apiKeys.role, secretHash: apiKeys.secretHash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.secretHash, hash));
  if (!row || row.revokedAt) return null;
  if (!timingSafeEqual(Buffer.from(row.secretHash), Buffer.from(hash))) return null;
  const now = Date.now();
  if ((lastUsedWrites.get(row.id) ?? 0) < now - LAST_USED_INTERVAL_MS) {
    lastUsedWrites.set(row.id, now);
    await db.update(apiKeys).set({ lastUsedAt: new Date(now) }).where(eq(apiKeys.id, row.id));
  }
  return { keyId: row.id, orgId: row.orgId, role: row.role };
}

/** Whether `role` may do what `required` allows (viewer < editor < admin). */
export const roleAllows = (role: ApiKeyRole, required: ApiKeyRole) => ROLES.indexOf(role) >= ROLES.indexOf(required);

/** This org's keys, newest first, one page at a time. */
export const pageApiKeys = (scope: OrgScope, page: PageArgs) =>
  newestFirstPage<ApiKey>(scope.db, apiKeys, apiKeys, eq(apiKeys.orgId, scope.orgId), page);
