import { eq } from "drizzle-orm";
import { organizations } from "../../db/tables/index.js";
import type { OrgScope } from "../../db/scope.js";
import { notFound } from "../../errors.js";
import type { CalendarSettings } from "./calendar-day.js";

/** The org settings the analytics services need. */
export interface OrgAnalyticsSettings extends CalendarSettings {
  /** ISO 4217 currency every money measure is converted to. */
  reportingCurrency: string;
}

export async function loadOrgSettings(scope: OrgScope): Promise<OrgAnalyticsSettings> {
  const [org] = await scope.db
    .select({
      country: organizations.country, region: organizations.region,
      fiscalYearStartMonth: organizations.fiscalYearStartMonth, reportingCurrency: organizations.reportingCurrency,
    })
    .from(organizations)
    .where(eq(organizations.id, scope.orgId));
  if (!org) throw notFound("Organization", scope.orgId);
  return org;
}
