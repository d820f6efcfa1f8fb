import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeCampaignValues, normalizeEntity, normalizeFlowSeries, normalizeOutcomes } from "../../../src/plugins/klaviyo/normalize.js";

const fixtures = new URL("../../../../shared/fixtures/platforms/", import.meta.url);
const spec = (name: string) => JSON.parse(readFileSync(new URL(`klaviyo_openapi_query_${name}.json`, fixtures), "utf8"));
const responseProps = (name: string, dto: string) => spec(name).components.schemas[dto].properties.data.properties.attributes.properties;
const info = { account_id: "AbC123", currency: "USD", timezone: "America/New_York" };

describe("Klaviyo campaign values (official example response)", () => {
  const results = responseProps("campaign_values", "PostCampaignValuesResponseDTO").results.example as { groupings: never; statistics: never }[];

  it("maps each example result of one day to one message fact with exact values", () => {
    const facts = results.flatMap((r) => normalizeCampaignValues({ ...info, date: "2024-01-05", conversion_metric_id: "RESQ6t", groupings: r.groupings, statistics: r.statistics }).facts);
    expect(facts).toEqual([
      {
        platform: "klaviyo", stream: "campaign_values", level: "ad", date: "2024-01-05", accountId: "AbC123",
        campaignId: "01GMRWDSA0ARTAKE1SFX8JGXAY", adId: "01GMRWDSA0ARTAKE1SFX8JGXAY",
        spend: "0", impressions: 0, clicks: 0, conversions: "0", revenue: "0", currency: "USD", accountTimezone: "America/New_York",
        attributionSetting: "klaviyo_conversion_metric", extras: { send_channel: "email", conversion_metric_id: "RESQ6t", opens: 123, open_rate: 0.8253 },
      },
      {
        platform: "klaviyo", stream: "campaign_values", level: "ad", date: "2024-01-05", accountId: "AbC123",
        campaignId: "01GJTHNWVG93F3KNX71SJ4FDBB", adId: "01GJTHNWVG93F3KNX71SJ4FDBB",
        spend: "0", impressions: 0, clicks: 0, conversions: "0", revenue: "0", currency: "USD", accountTimezone: "America/New_York",
        attributionSetting: "klaviyo_conversion_metric", extras: { send_channel: "email", conversion_metric_id: "RESQ6t", opens: 97, open_rate: 0.7562 },
      },
    ]);
  });

  it("counts delivered as impressions and conversion value as revenue", () => {
    const [f] = normalizeCampaignValues({ ...info, date: "2024-01-05", groupings: { campaign_id: "c", campaign_message_id: "m" }, statistics: { delivered: 980, clicks: 41, conversions: 3, conversion_value: 129.5, recipients: 1000 } }).facts;
    expect([f!.spend, f!.impressions, f!.clicks, f!.conversions, f!.revenue, f!.extras!.recipients]).toEqual(["0", 980, 41, "3", "129.5", 1000]);
  });

  it("rejects a result without the required groupings", () => {
    expect(normalizeCampaignValues({ ...info, date: "2024-01-05", groupings: {}, statistics: {} }).rejects).toEqual([
      { reason: "report result has no campaign_id grouping", field: "campaign_id" },
      { reason: "report result has no campaign_message_id grouping", field: "campaign_message_id" },
    ]);
  });
});

describe("Klaviyo flow series (official example response)", () => {
  const props = responseProps("flow_series", "PostFlowSeriesResponseDTO");
  const dateTimes = props.date_times.example as string[];
  const results = props.results.example as { groupings: never; statistics: never }[];

  it("maps 2 results × 3 days to 6 daily facts with the example's opens and rates", () => {
    const facts = results.flatMap((r) => normalizeFlowSeries({ ...info, date_times: dateTimes, groupings: r.groupings, statistics: r.statistics }).facts);
    expect(facts.map((f) => [f.campaignId, f.adId, f.date, f.extras!.opens, f.extras!.open_rate])).toEqual([
      ["XVTP5Q", "01GMRWDSA0ARTAKE1SFX8JGXAY", "2024-01-05", 123, 0.8253],
      ["XVTP5Q", "01GMRWDSA0ARTAKE1SFX8JGXAY", "2024-01-06", 156, 0.8722],
      ["XVTP5Q", "01GMRWDSA0ARTAKE1SFX8JGXAY", "2024-01-07", 144, 0.8398],
      ["XVTP5Q", "01GJTHNWVG93F3KNX71SJ4FDBB", "2024-01-05", 97, 0.7562],
      ["XVTP5Q", "01GJTHNWVG93F3KNX71SJ4FDBB", "2024-01-06", 98, 0.761],
      ["XVTP5Q", "01GJTHNWVG93F3KNX71SJ4FDBB", "2024-01-07", 65, 0.688],
    ]);
  });

  it("names the flow message as an ad under its flow", () => {
    const { entities } = normalizeFlowSeries({ ...info, date_times: dateTimes, groupings: results[0]!.groupings, statistics: results[0]!.statistics });
    expect(entities.map((e) => [e.level, e.externalId, e.parentExternalId])).toEqual([["ad", "01GMRWDSA0ARTAKE1SFX8JGXAY", "XVTP5Q"]]);
  });

  it("rejects a series whose statistic arrays do not match the dates", () => {
    const r = normalizeFlowSeries({ ...info, date_times: ["2024-01-05T00:00:00+00:00"], groupings: { flow_id: "f", flow_message_id: "m" }, statistics: { opens: [1, 2] } });
    expect(r.rejects).toEqual([{ reason: "statistic opens has 2 values for 1 dates", field: "opens" }]);
  });
});

describe("Klaviyo metric aggregates → business outcomes", () => {
  it("the request example asks for a daily, timezone-bound aggregate", () => {
    const attrs = spec("metric_aggregates").components.schemas.MetricAggregateQueryResourceObject.properties.attributes.properties;
    expect([attrs.interval.example, attrs.timezone.example]).toEqual(["day", "America/New_York"]);
  });

  it("maps the ungrouped series to outcome facts per local day", () => {
    const r = normalizeOutcomes({
      ...info, metric_id: "0rG4eQ",
      dates: ["2022-12-01T00:00:00-05:00", "2022-12-02T00:00:00-05:00"],
      data: [{ dimensions: [], measurements: { count: [12, 0], sum_value: [1043.25, 0], unique: [11, 0] } }],
    });
    expect(r.facts).toEqual([
      { platform: "klaviyo", stream: "business_outcomes", kind: "outcome", level: "account", date: "2022-12-01", accountId: "AbC123", conversions: "12", revenue: "1043.25", currency: "USD", accountTimezone: "America/New_York", attributionSetting: "unattributed", extras: { metric_id: "0rG4eQ", unique: 11 } },
      { platform: "klaviyo", stream: "business_outcomes", kind: "outcome", level: "account", date: "2022-12-02", accountId: "AbC123", conversions: "0", revenue: "0", currency: "USD", accountTimezone: "America/New_York", attributionSetting: "unattributed", extras: { metric_id: "0rG4eQ", unique: 0 } },
    ]);
  });
});

describe("Klaviyo entities", () => {
  it("maps campaigns, flows and campaign messages", () => {
    const rows = [
      { type: "campaign", id: "C1", attributes: { name: "Black Friday", status: "Sent" } },
      { type: "flow", id: "F1", attributes: { name: "Welcome", status: "live" } },
      { type: "campaign-message", id: "M1", attributes: { definition: { channel: "email", label: "Variant A" } }, relationships: { campaign: { data: { id: "C1" } } } },
    ].flatMap((r) => normalizeEntity({ ...r, ...info }).entities);
    expect(rows.map((e) => [e.level, e.externalId, e.parentExternalId, e.name, e.extras])).toEqual([
      ["campaign", "C1", "AbC123", "Black Friday", { kind: "campaign" }],
      ["campaign", "F1", "AbC123", "Welcome", { kind: "flow" }],
      ["ad", "M1", "C1", "Variant A", { channel: "email" }],
    ]);
  });
});
