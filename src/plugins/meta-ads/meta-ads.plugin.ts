import { entityStream, probe } from "../plugin-helpers.js";
import type { ConnectorPlugin, StreamInfo } from "../types.js";
import { BREAKDOWNS, metaConfigSpec, type MetaConfig } from "./meta-config.js";
import { createMetaClient } from "./meta-http.js";
import { normalizeMeta, PLATFORM, STREAMS } from "./meta-normalize.js";
import { readAccount, readMeta } from "./meta-read.js";
import { startMetaSandbox } from "./meta-emulator.js";

/** Meta Ads (Marketing API insights): ad × day facts, one breakdown stream, and the campaign / ad set / ad dimension. */
export const metaAdsPlugin: ConnectorPlugin<MetaConfig> = {
  id: "meta-ads",
  name: "Meta Ads",
  platform: PLATFORM,
  // Meta restates insights for up to 28 days; 90-day windows keep one async report run well under its limits.
  capabilities: { incremental: true, defaultLookbackDays: 28, maxWindowDays: 90 },
  spec: metaConfigSpec as never,
  secretFields: ["accessToken"],
  allowedHosts: ["graph.facebook.com"],
  sampleConfig: metaConfigSpec.parse({ accessToken: "EAAB…", accountIds: ["act_1234567890"] }),

  async check(config, ctx) {
    const http = createMetaClient(config, ctx, { retries: 1 });
    return probe(async () => {
      for (const id of config.accountIds) await readAccount(http, id);
    });
  },

  async discover(config) {
    const facts = (name: string, breakdowns: string[]): StreamInfo => ({
      name, kind: "facts", grain: breakdowns.length ? `ad × day × ${breakdowns.join(" × ")}` : "ad × day",
      primaryKey: ["ad_id", "date_start", ...breakdowns], cursorField: "date_start", breakdowns,
    });
    return [
      entityStream(STREAMS.accounts, "ad account"), entityStream(STREAMS.campaigns, "campaign"), entityStream(STREAMS.adsets, "ad set"), entityStream(STREAMS.ads, "ad"),
      facts(STREAMS.insights, []), facts(STREAMS.breakdown(config.breakdown), [...BREAKDOWNS[config.breakdown]]),
    ];
  },

  read: (config, request, ctx) => readMeta(config, request, ctx),
  normalize: (stream, record, { config }) => normalizeMeta(stream, record, config),
  sandbox: startMetaSandbox,
};

export default metaAdsPlugin;
