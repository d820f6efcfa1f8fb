import { badInput } from "../errors.js";

/** A parsed connection schedule: a fixed interval, or once a day at a UTC time. */
export type Schedule = { kind: "every"; ms: number } | { kind: "daily"; minuteOfDay: number };

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Shortest interval a schedule may have: platforms' rate limits make tighter loops pointless. */
const MIN_INTERVAL_MS = 5 * 60_000;

/** Parse "every 6h" / "every 30m" / "every 1d" / "daily 03:00" (UTC); a BAD_USER_INPUT error says the accepted forms. */
export function parseSchedule(text: string): Schedule {
  const s = text.trim().toLowerCase();
  const every = /^every\s+(\d+)\s*([mhd])$/.exec(s);
  if (every) {
    const ms = Number(every[1]) * UNIT_MS[every[2] as keyof typeof UNIT_MS];
    if (ms < MIN_INTERVAL_MS) throw badInput(`Schedule "${text}" is too frequent; the shortest is "every 5m".`, { field: "schedule" });
    return { kind: "every", ms };
  }
  const daily = /^daily\s+([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (daily) return { kind: "daily", minuteOfDay: Number(daily[1]) * 60 + Number(daily[2]) };
  throw badInput(`Schedule "${text}" is not understood. Use "every <n>m|h|d" (e.g. "every 6h") or "daily HH:MM" in UTC (e.g. "daily 03:00").`, { field: "schedule" });
}

/** When a connection with this schedule is next due, given when it last started a run (undefined: never). */
export function nextDueAt(schedule: Schedule, lastRunAt: Date | undefined, now: Date): Date {
  if (schedule.kind === "every") return lastRunAt ? new Date(lastRunAt.getTime() + schedule.ms) : now;
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + schedule.minuteOfDay * 60_000);
  const slot = today.getTime() <= now.getTime() ? today : new Date(today.getTime() - UNIT_MS.d);
  // Due at the latest slot not yet covered by a run.
  return !lastRunAt || lastRunAt.getTime() < slot.getTime() ? slot : new Date(slot.getTime() + UNIT_MS.d);
}
