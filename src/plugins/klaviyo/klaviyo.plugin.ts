import { entityStream, probe } from "../plugin-helpers.js";
import type { ConnectorPlugin, NormalizedRows, StreamInfo } from "../types.js";
import { klaviyoConfigSpec, type KlaviyoConfig } from "./klaviyo-config.js";
import { startKlaviyoSandbox } from "./klaviyo-emulator.js";
import { createKlaviyoClient } from "./klaviyo-http.js";
import { ENTITY_STREAMS, conversionMetricId, readAccount, readKlaviyo } from "./klaviyo-read.js";
import {
  PLATFORM, STREAMS, normalizeCampaignValues, normalizeEntity, normalizeFlowSeries, normalizeOutcomes,
  type CampaignValuesRecord, type FlowSeriesRecord, type KlaviyoResource, type MetricAggregatesRecord,
} from "./normalize.js";

/** Klaviyo (email and SMS): campaign and flow message × day results, the store's own daily orders and revenue, and the campaign / flow dimension. */
export const klaviyoPlugin: ConnectorPlugin<KlaviyoConfig> = {
  id: "klaviyo",
  name: "Klaviyo",
  platform: PLATFORM,
  // Klaviyo's default attribution window is 5 days; flow series reports cover at most 60 days per call.
  capabilities: { incremental: true, defaultLookbackDays: 5, maxWindowDays: 60 },
  spec: klaviyoConfigSpec as never,
  secretFields: ["apiKey"],
  allowedHosts: ["a.klaviyo.com"],
  sampleConfig: klaviyoConfigSpec.parse({ apiKey: "pk_example" }),

  async check(config, ctx) {
    const http = createKlaviyoClient(config, ctx, { retries: 1 });
    return probe(async () => {
      await readAccount(http);
      await conversionMetricId(http, config);
    });
  },

  async discover() {
    const facts = (name: string, grain: string, primaryKey: string[]): StreamInfo => ({ name, kind: "facts", grain, primaryKey, cursorField: "date", breakdowns: [] });
    // Report streams last: the quota-bound campaign values report may stop a run, and everything before it is kept.
    return [
      entityStream(ENTITY_STREAMS.campaigns, "campaign and campaign message"), entityStream(ENTITY_STREAMS.flows, "flow"),
      facts(STREAMS.outcomes, "account × day (business outcome)", ["date"]),
      facts(STREAMS.flowSeries, "flow message × day", ["flow_message_id", "date"]),
      facts(STREAMS.campaignValues, "campaign message × day", ["campaign_message_id", "date"]),
    ];
  },

  read: (config, request, ctx) => readKlaviyo(config, request, ctx),
  normalize(stream, record): NormalizedRows {
    if (stream === STREAMS.campaignValues) return normalizeCampaignValues(record as CampaignValuesRecord);
    if (stream === STREAMS.flowSeries) return normalizeFlowSeries(record as FlowSeriesRecord);
    if (stream === STREAMS.outcomes) return normalizeOutcomes(record as MetricAggregatesRecord);
    return normalizeEntity(record as KlaviyoResource);
  },
  sandbox: startKlaviyoSandbox,
};

export default klaviyoPlugin;
