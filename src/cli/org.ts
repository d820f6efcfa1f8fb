import { Command } from "commander";
import { asc } from "drizzle-orm";
import { organizations } from "../db/tables/index.js";
import { createOrganization } from "../orgs/organizations.js";
import { createApiKey } from "../orgs/api-keys.js";
import { orgScope } from "../db/scope.js";
import { print, withApp } from "./shared.js";

export function orgCommand() {
  const org = new Command("org").description("manage organizations");
  org
    .command("create <name>")
    .description("create an organization and its first admin key")
    .option("--slug <slug>", "short unique name (default: from the name)")
    .option("--currency <code>", "reporting currency, ISO 4217", "USD")
    .option("--timezone <tz>", "IANA time zone", "UTC")
    .option("--country <code>", "country for public holidays, ISO 3166-1 alpha-2", "US")
    .option("--fiscal-start <month>", "first month of the fiscal year (1-12)", "1")
    .action((name: string, o: { slug?: string; currency: string; timezone: string; country: string; fiscalStart: string }) =>
      withApp(async (app) => {
        const created = await createOrganization(app.database, {
          name, slug: o.slug, reportingCurrency: o.currency, timezone: o.timezone, country: o.country, fiscalYearStartMonth: Number(o.fiscalStart),
        });
        const { secret } = await createApiKey(orgScope(app.database, created.id), { name: "admin", role: "admin" });
        print(`organization ${created.slug} (${created.id})`);
        print(`admin key (shown once): ${secret}`);
      }),
    );
  org
    .command("list")
    .description("list organizations")
    .action(() =>
      withApp(async (app) => {
        const rows = await app.database.db.select().from(organizations).orderBy(asc(organizations.createdAt));
        for (const r of rows) print(`${r.id}  ${r.slug}  ${r.name}  ${r.reportingCurrency}  ${r.timezone}`);
      }),
    );
  return org;
}
