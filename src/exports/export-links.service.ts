import { randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import type { OrgScope } from "../db/scope.js";
import { apiKeys, exportLinks, type ExportLink, type ExportLinkKind } from "../db/tables/index.js";
import { hashKey } from "../orgs/api-keys.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import { AppError, badInput, forbidden, notFound } from "../errors.js";
import type { MetricsQuery } from "../analytics/metrics/query.js";
import { validateMetricsQuery } from "../analytics/metrics/validate.js";
import type { CausalDatasetInput } from "../analytics/causal-dataset/causal-dataset.types.js";
import { validateCausalDatasetInput } from "../analytics/causal-dataset/causal-dataset.service.js";
import { isUuid } from "../db/node-lookup.js";

const TOKEN_PATTERN = /^lgx_[A-Za-z0-9_-]{43}$/;
/** Default and longest life of a link: a month, and a year (a BI source refreshed for a year, then re-issued). */
export const DEFAULT_EXPIRES_IN_S = 30 * 86_400;
export const MAX_EXPIRES_IN_S = 365 * 86_400;


/** What a link exports: exactly one of the two queries. */
export type ExportLinkQuery = { kind: "metrics"; query: MetricsQuery } | { kind: "causal_dataset"; query: CausalDatasetInput };

export interface CreatedExportLink {
  link: ExportLink;
  /** The token, returned once at creation; the URL path of the CSV is `/export/links/<token>.csv`. */
  token: string;
}

/** The path of a link's CSV on this gateway. */
export const exportLinkPath = (token: string) => `/export/links/${token}.csv`;

/** active, expired or revoked, as of `now`. */
export const linkStatus = (l: Pick<ExportLink, "expiresAt" | "revokedAt">, now = new Date()) =>
  l.revokedAt ? "revoked" : l.expiresAt.getTime() <= now.getTime() ? "expired" : "active";

/** A new link for the caller's org, bound to `query` and an expiry; the query is checked now, not at the first GET. */
export async function createExportLink(
  scope: OrgScope,
  keyId: string,
  input: ExportLinkQuery & { name?: string; expiresIn?: number },
  now = new Date(),
): Promise<CreatedExportLink> {
  const expiresIn = input.expiresIn ?? DEFAULT_EXPIRES_IN_S;
  if (!Number.isInteger(expiresIn) || expiresIn < 60 || expiresIn > MAX_EXPIRES_IN_S)
    throw badInput(`expiresIn is in seconds, from 60 to ${MAX_EXPIRES_IN_S} (365 days).`, { field: "expiresIn" });
  if (input.kind === "metrics") validateMetricsQuery(input.query);
  else validateCausalDatasetInput(input.query);
  const token = `lgx_${randomBytes(32).toString("base64url")}`;
  const [link] = await scope.db.insert(exportLinks).values({
    orgId: scope.orgId, createdByKeyId: keyId, name: input.name?.trim() || input.kind, kind: input.kind as ExportLinkKind,
    query: JSON.parse(JSON.stringify(input.query)) as Record<string, unknown>, prefix: token.slice(0, 10), tokenHash: hashKey(token),
    expiresAt: new Date(now.getTime() + expiresIn * 1000),
  }).returning();
  return { link: link!, token };
}

/** One link of this org, or NOT_FOUND. */
export async function getExportLink(scope: OrgScope, id: string): Promise<ExportLink> {
  if (!isUuid(id)) throw notFound("Export link", id);
  const [row] = await scope.db.select().from(exportLinks).where(and(eq(exportLinks.orgId, scope.orgId), eq(exportLinks.id, id)));
  if (!row) throw notFound("Export link", id);
  return row;
}

/** Revoke a link at once (admins, or the key that made it); revoking twice keeps the first time. */
export async function revokeExportLink(scope: OrgScope, caller: { keyId: string; role: string }, id: string): Promise<ExportLink> {
  const link = await getExportLink(scope, id);
  if (caller.role !== "admin" && link.createdByKeyId !== caller.keyId) throw forbidden("Only an admin or the key that created this link can revoke it.");
  if (link.revokedAt) return link;
  const [row] = await scope.db.update(exportLinks).set({ revokedAt: new Date() }).where(eq(exportLinks.id, id)).returning();
  return row!;
}

const refused = (message: string, reason: string) => new AppError("UNAUTHENTICATED", message, { reason });

/**
 * The link a presented token names, if it may be used now. Unknown or malformed tokens, expired or revoked
 * links, and links whose creating key was revoked are refused with UNAUTHENTICATED and a message that
 * says which (never anything about the link's org or query).
 */
export async function resolveExportToken(db: Db, token: string, now = new Date()): Promise<ExportLink> {
  if (!TOKEN_PATTERN.test(token)) throw refused("This export link is not valid. Create a new one with the createExportLink mutation.", "INVALID");
  const [row] = await db
    .select({ link: exportLinks, keyRevokedAt: apiKeys.revokedAt })
    .from(exportLinks)
    .innerJoin(apiKeys, eq(apiKeys.id, exportLinks.createdByKeyId))
    .where(eq(exportLinks.tokenHash, hashKey(token)));
  if (!row) throw refused("This export link is not valid. Create a new one with the createExportLink mutation.", "INVALID");
  const status = row.keyRevokedAt ? "revoked" : linkStatus(row.link, now);
  if (status === "revoked") throw refused("This export link was revoked. Ask an admin of the organization for a new one (createExportLink).", "REVOKED");
  if (status === "expired") throw refused("This export link has expired. Create a new one with the createExportLink mutation.", "EXPIRED");
  await db.update(exportLinks).set({ lastUsedAt: now }).where(eq(exportLinks.id, row.link.id));
  return row.link;
}

/** This org's links, newest first, one page at a time. */
export const pageExportLinks = (scope: OrgScope, page: PageArgs) =>
  newestFirstPage<ExportLink>(scope.db, exportLinks, exportLinks, eq(exportLinks.orgId, scope.orgId), page);
