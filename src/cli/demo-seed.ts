import { and, eq, isNull } from "drizzle-orm";
import type { App } from "../app.js";
import { apiKeys, organizations } from "../db/tables/index.js";
import { orgScope } from "../db/scope.js";
import { createOrganization } from "../orgs/organizations.js";
import { createApiKey } from "../orgs/api-keys.js";
import { upsertFacts, upsertEntities, type EntityRow, type FactRow } from "../db/facts.js";

const DEMO_SLUG = "sandbox";
const DEMO_KEY_NAME = "demo";

/**
 * The sandbox organization for `npm start`: created on first start; each start revokes the previous
 * demo key and prints a fresh one (no key is ever written to disk). Returns the lines to print.
 */
export async function seedDemo(app: App): Promise<string[]> {
  let [org] = await app.database.db.select().from(organizations).where(eq(organizations.slug, DEMO_SLUG));
  const firstStart = !org;
  if (!org) org = await createOrganization(app.database, { name: "Sandbox", slug: DEMO_SLUG, reportingCurrency: "USD", timezone: "America/New_York" });
  const scope = orgScope(app.database, org.id);
  await app.database.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.orgId, org.id), eq(apiKeys.name, DEMO_KEY_NAME), isNull(apiKeys.revokedAt)));
  const { secret } = await createApiKey(scope, { name: DEMO_KEY_NAME, role: "admin" });
  if (firstStart) await seedGeneratedFacts(app, org.id);
  return [
    `sandbox organization: ${org.slug} (${org.id})`,
    `admin key for this run: ${secret}`,
    `try: curl -s ${app.config.host === "0.0.0.0" ? "127.0.0.1" : app.config.host}:${app.config.port}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${secret}' -d '{"query":"{ facts(first: 3) { edges { node { date platform spend campaign { name } } } } }"}'`,
  ];
}

/** 90 days of generated facts for two platforms, so a newcomer can query at once. */
async function seedGeneratedFacts(app: App, orgId: string): Promise<void> {
  const platforms = [
    { platform: "meta", account: "act_1001", currency: "USD", tz: "America/New_York" },
    { platform: "google_ads", account: "1234567890", currency: "USD", tz: "America/Los_Angeles" },
  ];
  const facts: FactRow[] = [];
  const entities: EntityRow[] = [];
  const start = Date.UTC(2026, 7, 1);
  for (const [p, cfg] of platforms.entries()) {
    entities.push({ platform: cfg.platform, level: "account" as const, externalId: cfg.account, name: `${cfg.platform} demo account`, currency: cfg.currency, timezone: cfg.tz });
    for (let c = 1; c <= 3; c++) {
      const campaignId = `${cfg.account}-c${c}`;
      entities.push({ platform: cfg.platform, level: "campaign" as const, externalId: campaignId, parentExternalId: cfg.account, accountExternalId: cfg.account, name: `Demo campaign ${c}`, status: "ACTIVE" });
      for (let d = 0; d < 90; d++) {
        const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
        const spendCents = 5000 + ((d * 37 + c * 101 + p * 53) % 4000);
        const impressions = spendCents * 3;
        const clicks = Math.floor(impressions / 70);
        const conversions = Math.floor(clicks / 25);
        facts.push({
          platform: cfg.platform, stream: "demo_daily", level: "campaign", date, accountId: cfg.account, campaignId,
          spend: (spendCents / 100).toFixed(2), impressions, clicks, conversions, revenue: (conversions * 42.5).toFixed(2),
          currency: cfg.currency, accountTimezone: cfg.tz,
        });
      }
    }
  }
  await app.database.transaction(async (tx) => {
    await upsertEntities(tx.db, orgId, null, entities);
    await upsertFacts(tx.db, orgId, "demo", facts);
  });
}
