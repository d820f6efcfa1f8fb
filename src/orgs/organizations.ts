import { eq, or } from "drizzle-orm";
import type { Database } from "../db/client.js";
import type { OrgScope } from "../db/scope.js";
import { organizations, type Organization } from "../db/tables/index.js";
import { AppError, badInput, conflict, notFound } from "../errors.js";
import { isUuid } from "../db/node-lookup.js";

export interface OrganizationSettings {
  reportingCurrency?: string;
  timezone?: string;
  country?: string;
  region?: string | null;
  fiscalYearStartMonth?: number;
  weekStart?: number;
}

const slugify = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "org";

/** Check settings and say which value is wrong and what is accepted. */
export function validateSettings(s: OrganizationSettings): OrganizationSettings {
  if (s.reportingCurrency !== undefined && !/^[A-Z]{3}$/.test(s.reportingCurrency))
    throw badInput(`reportingCurrency "${s.reportingCurrency}" is not an ISO 4217 code such as USD or EUR.`, { field: "reportingCurrency" });
  if (s.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: s.timezone });
    } catch {
      throw badInput(`timezone "${s.timezone}" is not an IANA time zone such as Europe/Berlin.`, { field: "timezone" });
    }
  }
  if (s.country !== undefined && !/^[A-Z]{2}$/.test(s.country))
    throw badInput(`country "${s.country}" is not an ISO 3166-1 alpha-2 code such as US or DE.`, { field: "country" });
  if (s.fiscalYearStartMonth !== undefined && !(Number.isInteger(s.fiscalYearStartMonth) && s.fiscalYearStartMonth >= 1 && s.fiscalYearStartMonth <= 12))
    throw badInput("fiscalYearStartMonth must be a month number from 1 to 12.", { field: "fiscalYearStartMonth" });
  if (s.weekStart !== undefined && !(Number.isInteger(s.weekStart) && s.weekStart >= 1 && s.weekStart <= 7))
    throw badInput("weekStart must be an ISO weekday from 1 (Monday) to 7 (Sunday).", { field: "weekStart" });
  return s;
}

/** Create an organization (CLI and demo; there is no cross-tenant GraphQL mutation for this). */
export async function createOrganization(database: Database, input: { name: string; slug?: string } & OrganizationSettings): Promise<Organization> {
  const name = input.name.trim();
  if (!name) throw badInput("An organization needs a name.", { field: "name" });
  const { name: _n, slug: _s, ...settings } = input;
  validateSettings(settings);
  const slug = input.slug ?? slugify(name);
  const [existing] = await database.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  if (existing) throw conflict(`An organization with slug "${slug}" already exists; choose another name or --slug.`);
  const [org] = await database.db.insert(organizations).values({ name, slug, ...settings }).returning();
  return org!;
}

/** Find an organization by id or slug (CLI). */
export async function findOrganization(database: Database, idOrSlug: string): Promise<Organization> {
  const byId = isUuid(idOrSlug);
  const [org] = await database.db
    .select()
    .from(organizations)
    .where(byId ? or(eq(organizations.id, idOrSlug), eq(organizations.slug, idOrSlug)) : eq(organizations.slug, idOrSlug));
  if (!org) throw new AppError("NOT_FOUND", `No organization has the id or slug "${idOrSlug}"; see \`liftgate org list\`.`);
  return org;
}

export async function getOrganization(scope: OrgScope): Promise<Organization> {
  const [org] = await scope.db.select().from(organizations).where(eq(organizations.id, scope.orgId));
  if (!org) throw notFound("Organization", scope.orgId);
  return org;
}

export async function updateOrganization(scope: OrgScope, input: { name?: string } & OrganizationSettings): Promise<Organization> {
  validateSettings(input);
  const [org] = await scope.db
    .update(organizations)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(organizations.id, scope.orgId))
    .returning();
  return org!;
}
