import { sql, type SQL } from "drizzle-orm";
import type { Severity } from "./quality.types.js";

/** A rule over facts: `failing` is a WHERE condition on marketing_facts `f` plus the example columns. */
export interface FactRule {
  rule: string;
  severity: Severity;
  description: string;
  failing: SQL;
  example: SQL;
  /** Only rows matching this are checked (default: every fact). */
  appliesTo?: SQL;
}

const key = sql`f.platform, f.date::text as date, f.campaign_id as campaign, f.ad_id as ad`;

export const FACT_RULES: FactRule[] = [
  {
    rule: "negative_values", severity: "error", description: "Spend, impressions, clicks, conversions or revenue below zero.",
    failing: sql`(f.spend < 0 or f.impressions < 0 or f.clicks < 0 or f.conversions < 0 or f.revenue < 0)`,
    example: sql`${key}, f.spend::text as spend, f.impressions, f.clicks, f.conversions::text as conversions, f.revenue::text as revenue`,
  },
  {
    rule: "clicks_above_impressions", severity: "error", description: "More clicks than impressions on one row (media facts).", appliesTo: sql`f.kind = 'media'`,
    failing: sql`f.clicks > f.impressions`, example: sql`${key}, f.clicks, f.impressions`,
  },
  {
    rule: "conversions_above_clicks", severity: "warning",
    description: "More conversions than clicks: expected when the platform counts view-through conversions, otherwise a sign of bad data (media facts; a store's own orders have no clicks).",
    appliesTo: sql`f.kind = 'media'`,
    failing: sql`f.conversions > f.clicks`, example: sql`${key}, f.conversions::text as conversions, f.clicks`,
  },
  {
    rule: "spend_without_impressions", severity: "warning", description: "Spend recorded on a row with zero impressions (media facts).", appliesTo: sql`f.kind = 'media'`,
    failing: sql`f.spend > 0 and f.impressions = 0`, example: sql`${key}, f.spend::text as spend`,
  },
  {
    rule: "missing_currency", severity: "error", description: "The currency is empty or not an ISO 4217 code.",
    failing: sql`f.currency !~ '^[A-Z]{3}$'`, example: sql`${key}, f.currency`,
  },
];

// The same lookback as metrics conversion: ECB rates exist on TARGET business days only.
const FX_LOOKBACK_DAYS = 7;

/** Facts in a currency other than the reporting one with no usable rate (direct, inverse or through a common base). */
export function missingRateRule(reportingCurrency: string, orgId: string): FactRule {
  const within = (a: string) => sql`${sql.raw(`${a}.date between f.date - ${FX_LOOKBACK_DAYS} and f.date`)} and ${sql.raw(a)}.org_scope in ('', ${orgId})`;
  return {
    rule: "missing_exchange_rate", severity: "error",
    description: `No exchange rate to ${reportingCurrency} for the fact's currency and day (or the ${FX_LOOKBACK_DAYS} days before); such facts are left out of converted metrics.`,
    failing: sql`f.currency ~ '^[A-Z]{3}$' and f.currency <> ${reportingCurrency}
      and not exists (select 1 from fx_rates r where r.base = f.currency and r.quote = ${reportingCurrency} and ${within("r")})
      and not exists (select 1 from fx_rates r where r.base = ${reportingCurrency} and r.quote = f.currency and ${within("r")})
      and not exists (select 1 from fx_rates a join fx_rates b on b.base = a.base and b.date = a.date and b.quote = ${reportingCurrency}
        and b.org_scope = a.org_scope where a.quote = f.currency and ${within("a")})`,
    example: sql`${key}, f.currency`,
  };
}
