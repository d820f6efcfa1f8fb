import type { AdDay } from "../sandbox/index.js";

/** Every statistic the sandbox reports for message activity, derived deterministically from the world's ad-day. */
export function messageStats(d: Pick<AdDay, "sends" | "opens" | "clicks" | "conversions" | "conversionValueCents">) {
  const bounced = Math.floor(d.sends * 0.004);
  const delivered = d.sends - bounced;
  return {
    recipients: d.sends, delivered, bounced, opens: d.opens, opens_unique: Math.round(d.opens * 0.8), clicks: d.clicks,
    clicks_unique: Math.round(d.clicks * 0.85), conversions: d.conversions, conversion_value: d.conversionValueCents / 100,
    unsubscribes: Math.floor(d.opens * 0.004),
  };
}
export type MessageStats = ReturnType<typeof messageStats>;

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

/** Summed counts plus the rate statistics (fractions, as Klaviyo returns them), restricted to the requested ones. */
export function withRates(s: MessageStats, wanted: string[]): Record<string, number> {
  const all: Record<string, number> = {
    ...s, conversion_value: Math.round(s.conversion_value * 100) / 100,
    open_rate: ratio(s.opens_unique, s.delivered), click_rate: ratio(s.clicks_unique, s.delivered), conversion_rate: ratio(s.conversions, s.delivered),
    unsubscribe_rate: ratio(s.unsubscribes, s.delivered), bounce_rate: ratio(s.bounced, s.recipients),
  };
  return Object.fromEntries(wanted.filter((k) => k in all).map((k) => [k, all[k]!]));
}

export function addStats(a: MessageStats, b: MessageStats): MessageStats {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof MessageStats] + b[k as keyof MessageStats]])) as MessageStats;
}

/** "-04:00" for America/New_York in summer: the offset Klaviyo prints on company-timezone date-times. */
export function offsetOf(timezone: string, date: string): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" })
    .formatToParts(new Date(`${date}T12:00:00Z`)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  return name === "GMT" ? "+00:00" : name.slice(3);
}

/** The days [start, end) of a custom timeframe, or an error message. */
export function daysOf(tf: unknown, all: readonly string[]): string[] | string {
  const t = tf as { start?: string; end?: string } | undefined;
  if (!t?.start || !t.end) return "The sandbox supports custom timeframes ({start, end}) only.";
  const s = t.start.slice(0, 10), e = t.end.slice(0, 10);
  if (e <= s) return "timeframe.end must be after timeframe.start.";
  if ((Date.parse(e) - Date.parse(s)) / 86_400_000 > 366) return "The timeframe may span at most 1 year.";
  return all.filter((d) => d >= s && d < e);
}
