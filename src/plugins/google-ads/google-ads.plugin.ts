import { entityStream, probe } from "../plugin-helpers.js";
import type { ConnectorPlugin, StreamInfo } from "../types.js";
import { googleConfigSpec, type GoogleConfig } from "./google-config.js";
import { GAQL } from "./google-gaql.js";
import { createGoogleClient } from "./google-http.js";
import { normalizeGoogle, PLATFORM, STREAMS } from "./google-normalize.js";
import { readGoogle, searchStream } from "./google-read.js";
import { startGoogleSandbox } from "./google-emulator.js";

/** Google Ads (REST googleAds:searchStream): ad-group daily facts, Performance Max at campaign level, and the dimension. */
export const googleAdsPlugin: ConnectorPlugin<GoogleConfig> = {
  id: "google-ads",
  name: "Google Ads",
  platform: PLATFORM,
  // Conversions are restated within the conversion window (30 days by default); searchStream has no window limit, 90 keeps answers small.
  capabilities: { incremental: true, defaultLookbackDays: 30, maxWindowDays: 90 },
  spec: googleConfigSpec as never,
  secretFields: ["developerToken", "clientSecret", "refreshToken"],
  allowedHosts: ["googleads.googleapis.com", "oauth2.googleapis.com"],
  sampleConfig: googleConfigSpec.parse({ developerToken: "dev-token", clientId: "123.apps.googleusercontent.com", clientSecret: "secret", refreshToken: "1//refresh", customerIds: ["123-456-7890"] }),

  async check(config, ctx) {
    return probe(async () => {
      const http = createGoogleClient(config, ctx);
      for (const cid of config.customerIds) {
        const [row] = await searchStream(http, cid, GAQL.customer);
        if (row?.customer?.manager) return { ok: false, reason: `Customer ${cid} is a manager account; metrics cannot be read from it. List its client accounts in customerIds and put ${cid} in loginCustomerId.` };
      }
    });
  },

  async discover() {
    return [
      entityStream(STREAMS.customers, "customer"), entityStream(STREAMS.campaigns, "campaign"), entityStream(STREAMS.adGroups, "ad group"),
      { name: STREAMS.adGroupDaily, kind: "facts", grain: "ad group × day", primaryKey: ["ad_group.id", "segments.date"], cursorField: "segments.date", breakdowns: [] },
      { name: STREAMS.campaignDaily, kind: "facts", grain: "campaign × day (campaigns without ad groups: Performance Max)", primaryKey: ["campaign.id", "segments.date"], cursorField: "segments.date", breakdowns: [] },
    ];
  },

  read: (config, request, ctx) => readGoogle(config, request, ctx),
  normalize: (stream, record) => normalizeGoogle(stream, record),
  sandbox: startGoogleSandbox,
};

export default googleAdsPlugin;
