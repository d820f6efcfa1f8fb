import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metaConfigSpec } from "../../../src/plugins/meta-ads/meta-config.js";
import { normalizeInsight, normalizeMeta, type MetaInsightRow } from "../../../src/plugins/meta-ads/meta-normalize.js";
import { actionFamily } from "../../../src/plugins/meta-ads/meta-actions.js";
import { sumDecimals } from "../../../src/plugins/meta-ads/decimal.js";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/platforms/${name}`, import.meta.url), "utf8"));
const config = metaConfigSpec.parse({ accessToken: "t", accountIds: ["act_798085168510957"] });
const page = fixture("meta_insights_ad_level_daily.airbyte.json") as { data: MetaInsightRow[]; paging: unknown };

describe("Meta normalizer on the real insights page", () => {
  it("maps each product_id row to an exact ad × day × product fact", () => {
    const out = page.data.map((r) => normalizeInsight(r, config, ["product_id"], "ad_insights_product"));
    expect(out.map((o) => o.rejects)).toEqual([[], []]);
    const base = {
      platform: "meta", stream: "ad_insights_product", level: "ad", date: "2023-06-01", accountId: "798085168510957",
      campaignId: "23854404676180548", adGroupId: "23854404706320548", adId: "23854695759200548",
      conversions: "0", revenue: "0", reach: null, currency: "USD", accountTimezone: null, attributionSetting: "7d_click,1d_view",
    };
    expect(out.map((o) => o.facts)).toEqual([
      [{ ...base, breakdowns: { product_id: "5983858725075630" }, spend: "14.35", impressions: 185, clicks: 9, extras: { inlineLinkClicks: 9 } }],
      [{ ...base, breakdowns: { product_id: "6023934044385671" }, spend: "8.53", impressions: 171, clicks: 7, extras: { inlineLinkClicks: 4 } }],
    ]);
  });

  it("rejects product_id rows in the main ad × day stream, where they would double count", () => {
    const out = page.data.map((r) => normalizeMeta("ad_insights", r, config));
    expect(out.flatMap((o) => o.facts)).toEqual([]);
    expect(out.map((o) => o.rejects[0]?.field)).toEqual(["product_id", "product_id"]);
    expect(out[0]!.rejects[0]!.reason).toBe("row is broken down by product_id, which stream ad_insights does not key on; summing it would double count");
  });

  it("counts the configured action type under the configured windows (link_click, 7d_click)", () => {
    const c = { ...config, conversionActionTypes: ["link_click"] };
    const out = page.data.map((r) => normalizeInsight(r, c, ["product_id"], "s").facts[0]!.conversions);
    expect(out).toEqual(["0", "4"]);
  });
});

describe("Meta conversions never double count one purchase", () => {
  const row: MetaInsightRow = {
    account_id: "1", account_currency: "EUR", account_timezone_name: "Europe/Berlin", campaign_id: "c", adset_id: "s", ad_id: "a",
    date_start: "2024-03-01", date_stop: "2024-03-01", spend: "10.10", impressions: "100", clicks: "5",
    actions: ["purchase", "omni_purchase", "offsite_conversion.fb_pixel_purchase", "onsite_web_purchase"].map((t) => ({ action_type: t, value: "4", "7d_click": "3", "1d_view": "1", "28d_click": "5" })),
    action_values: ["purchase", "omni_purchase", "offsite_conversion.fb_pixel_purchase", "onsite_web_purchase"].map((t) => ({ action_type: t, value: "150.5", "7d_click": "120.25", "1d_view": "30.25" })),
  };

  it("the default (omni_purchase) counts the purchase once: 3 + 1 conversions, 150.50 revenue", () => {
    const f = normalizeInsight(row, config, [], "ad_insights").facts[0]!;
    expect([f.conversions, f.revenue, f.currency, f.accountTimezone]).toEqual(["4", "150.5", "EUR", "Europe/Berlin"]);
  });

  it("refuses a config listing two types of the same event", () => {
    const r = metaConfigSpec.safeParse({ accessToken: "t", accountIds: ["act_1"], conversionActionTypes: ["purchase", "offsite_conversion.fb_pixel_purchase"] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('purchase and offsite_conversion.fb_pixel_purchase both report the "purchase" event, so one conversion would be counted twice; keep only one of them (omni_purchase counts every channel once)');
  });

  it("sums different events (purchase + lead) and honours a 28d_click window", () => {
    const r2 = { ...row, actions: [...row.actions!, { action_type: "offsite_conversion.fb_pixel_lead", value: "2", "28d_click": "2" }] };
    const c = { ...config, conversionActionTypes: ["omni_purchase", "offsite_conversion.fb_pixel_lead"], attributionWindows: ["28d_click" as const] };
    expect(normalizeInsight(r2, c, [], "ad_insights").facts[0]!.conversions).toBe("7");
  });

  it("groups the real action types into families", () => {
    expect(["omni_purchase", "offsite_conversion.fb_pixel_purchase", "onsite_conversion.purchase", "app_custom_event.fb_mobile_purchase", "onsite_conversion.lead_grouped", "offsite_conversion.fb_pixel_lead", "link_click"].map(actionFamily))
      .toEqual(["purchase", "purchase", "purchase", "purchase", "lead", "lead", "link_click"]);
  });
});

describe("Meta rows that cannot be facts are rejected with a reason", () => {
  const ok: MetaInsightRow = { ad_id: "a", account_currency: "USD", date_start: "2024-01-01", date_stop: "2024-01-01" };
  it.each([
    [{ ...ok, date_stop: "2024-01-07" }, "date_start"],
    [{ ...ok, ad_id: undefined }, "ad_id"],
    [{ ...ok, account_currency: undefined }, "account_currency"],
    [{ ...ok, spend: "1,5" }, "spend"],
    [{ ...ok, impressions: "12.5" }, "impressions"],
    [{ ...ok, actions: [{ action_type: "omni_purchase", value: "x" }] }, "actions"],
  ])("rejects %j on %s", (r, field) => {
    expect(normalizeInsight(r, config, [], "ad_insights").rejects.map((x) => x.field)).toEqual([field]);
  });

  it("needs the breakdown value on breakdown rows", () => {
    expect(normalizeMeta("ad_insights_age_gender", { ...ok, age: "18-24" }, config).rejects).toEqual([{ reason: "breakdown row has no gender", field: "gender" }]);
  });
});

describe("Meta entities", () => {
  it("maps an ad account, a campaign, an ad set and an ad to the dimension", () => {
    const rows = [
      normalizeMeta("ad_accounts", { id: "act_1", account_id: "1", name: "Shop", currency: "EUR", timezone_name: "Europe/Berlin" }, config),
      normalizeMeta("campaigns", { id: "c", account_id: "1", name: "C", effective_status: "ACTIVE", objective: "OUTCOME_SALES" }, config),
      normalizeMeta("adsets", { id: "s", account_id: "1", campaign_id: "c", name: "S", status: "PAUSED" }, config),
      normalizeMeta("ads", { id: "a", account_id: "1", campaign_id: "c", adset_id: "s", name: "A", status: "ACTIVE" }, config),
    ].map((o) => o.entities[0]);
    expect(rows.map((e) => [e!.level, e!.externalId, e!.parentExternalId, e!.accountExternalId, e!.status, e!.currency])).toEqual([
      ["account", "1", null, "1", null, "EUR"],
      ["campaign", "c", "1", "1", "ACTIVE", null],
      ["ad_group", "s", "c", "1", "PAUSED", null],
      ["ad", "a", "s", "1", "ACTIVE", null],
    ]);
  });
});

describe("exact decimals", () => {
  it("adds money strings without float error", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["14.35", "8.53", "-0.005"])).toBe("22.875");
  });
});
