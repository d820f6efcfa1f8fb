import { entityStream, probe } from "../plugin-helpers.js";
import type { ConnectorPlugin, NormalizedRows, StreamInfo } from "../types.js";
import { PLATFORM, REPORT_STREAM, normalizeEntity, normalizeReportRow, type TikTokEntityRecord, type TikTokReportRecord } from "./normalize.js";
import { tiktokConfigSpec, type TikTokConfig } from "./tiktok-config.js";
import { startTikTokSandbox } from "./tiktok-emulator.js";
import { createTikTokClient } from "./tiktok-http.js";
import { ENTITY_STREAMS, readAdvertisers, readTikTok } from "./tiktok-read.js";

/** TikTok Ads (Business API v1.3): ad × day facts and the advertiser / campaign / ad group / ad dimension. */
export const tiktokAdsPlugin: ConnectorPlugin<TikTokConfig> = {
  id: "tiktok-ads",
  name: "TikTok Ads",
  platform: PLATFORM,
  // TikTok restates ≈3 days; BASIC daily reports accept at most 30 days per query.
  capabilities: { incremental: true, defaultLookbackDays: 3, maxWindowDays: 30 },
  spec: tiktokConfigSpec as never,
  secretFields: ["accessToken"],
  allowedHosts: ["business-api.tiktok.com", "sandbox-ads.tiktok.com"],
  sampleConfig: tiktokConfigSpec.parse({ accessToken: "act.example", advertiserIds: ["7012345678901234567"] }),

  async check(config, ctx) {
    return probe(() => readAdvertisers(createTikTokClient(config, ctx, { retries: 1 }), config.advertiserIds).then(() => undefined));
  },

  async discover() {
    return [
      entityStream(ENTITY_STREAMS[0], "advertiser"), entityStream(ENTITY_STREAMS[1], "campaign"), entityStream(ENTITY_STREAMS[2], "ad group"), entityStream(ENTITY_STREAMS[3], "ad"),
      { name: REPORT_STREAM, kind: "facts", grain: "ad × day", primaryKey: ["ad_id", "stat_time_day"], cursorField: "stat_time_day", breakdowns: [] },
    ];
  },

  read: (config, request, ctx) => readTikTok(config, request, ctx),
  normalize: (stream, record, { config }): NormalizedRows =>
    stream === REPORT_STREAM
      ? normalizeReportRow(record as TikTokReportRecord, { countLeadValue: config.countLeadValue })
      : normalizeEntity(stream, record as TikTokEntityRecord),
  sandbox: startTikTokSandbox,
};

export default tiktokAdsPlugin;
