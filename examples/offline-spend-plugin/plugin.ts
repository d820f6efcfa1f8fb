/**
 * An external connector plugin, as a third party would write one: offline media spend (TV, radio,
 * print) typed into the connection's config, emitted as daily facts so models see every channel.
 *
 * Load it by naming its path (or npm package name) in LIFTGATE_PLUGINS:
 *   LIFTGATE_PLUGINS=./examples/offline-spend-plugin/plugin.ts   (with tsx; point at the built .js under dist/ with node)
 * A plugin imports nothing from liftgate at run time; the types are only for the compiler.
 */
import { z } from "zod";
import type { ConnectorPlugin, Message } from "../../src/plugins/types.js";

const spec = z.object({
  /** Currency of every amount, ISO 4217. */
  currency: z.string().regex(/^[A-Z]{3}$/, "use a 3-letter ISO currency code such as USD"),
  /** One flight per channel: spend spread evenly over its days. */
  flights: z
    .array(z.object({ channel: z.string().min(1), start: z.iso.date(), end: z.iso.date(), spend: z.number().nonnegative() }))
    .min(1, "add at least one flight"),
});
type Config = z.infer<typeof spec>;

const DAY = 86_400_000;
const days = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / DAY) + 1;

const plugin: ConnectorPlugin<Config> = {
  id: "offline-spend",
  name: "Offline media spend",
  platform: "offline",
  capabilities: { incremental: false, defaultLookbackDays: 0, maxWindowDays: 366 },
  spec,
  secretFields: [],
  sampleConfig: { currency: "USD", flights: [{ channel: "tv", start: "2024-01-01", end: "2024-01-10", spend: 1000 }] },
  async check(config) {
    const bad = config.flights.find((f) => f.end < f.start);
    return bad ? { ok: false, reason: `Flight "${bad.channel}" ends before it starts; swap start and end.` } : { ok: true };
  },
  async discover() {
    return [{ name: "daily_spend", kind: "facts", grain: "channel × day", primaryKey: ["channel", "date"], cursorField: "date" }];
  },
  async *read(config, request): AsyncIterable<Message> {
    for (const f of config.flights) {
      const perDay = f.spend / days(f.start, f.end);
      for (let t = Date.parse(f.start); t <= Date.parse(f.end); t += DAY) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (date < request.start || date > request.end) continue;
        yield { type: "record", stream: "daily_spend", key: `${f.channel}|${date}`, data: { channel: f.channel, date, spend: perDay.toFixed(2) } };
      }
    }
  },
  normalize(stream, record, { config }) {
    const r = record as { channel: string; date: string; spend: string };
    return {
      facts: [{ platform: "offline", stream, level: "campaign", date: r.date, campaignId: r.channel, spend: r.spend, currency: config.currency }],
      entities: [{ platform: "offline", level: "campaign", externalId: r.channel, name: r.channel }],
      rejects: [],
    };
  },
};

export default plugin;
