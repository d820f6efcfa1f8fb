/** The GAQL queries of each stream (https://developers.google.com/google-ads/api/docs/query/overview). */

const METRICS = "metrics.cost_micros, metrics.impressions, metrics.clicks, metrics.conversions, metrics.conversions_value";
const CUSTOMER = "customer.id, customer.currency_code, customer.time_zone";
const between = (start: string, end: string) => `segments.date BETWEEN '${start}' AND '${end}'`;

/** Dates are validated YYYY-MM-DD before they reach a query string. */
function assertDay(d: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`invalid date ${JSON.stringify(d)}; expected YYYY-MM-DD`);
  return d;
}

export const GAQL = {
  customer: "SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status, customer.manager FROM customer",
  campaigns: "SELECT customer.id, campaign.id, campaign.name, campaign.status, campaign.advertising_channel_type FROM campaign",
  adGroups: "SELECT customer.id, campaign.id, ad_group.id, ad_group.name, ad_group.status FROM ad_group",
  /** Ad-group daily performance; Performance Max has no ad groups and never appears here. */
  adGroupDaily: (start: string, end: string) =>
    `SELECT ${CUSTOMER}, campaign.id, ad_group.id, segments.date, ${METRICS} FROM ad_group WHERE ${between(assertDay(start), assertDay(end))}`,
  /** Campaign daily performance, limited to Performance Max (the campaigns without ad groups). */
  campaignDaily: (start: string, end: string) =>
    `SELECT ${CUSTOMER}, campaign.id, campaign.advertising_channel_type, segments.date, ${METRICS} FROM campaign WHERE ${between(assertDay(start), assertDay(end))} AND campaign.advertising_channel_type = 'PERFORMANCE_MAX'`,
};
