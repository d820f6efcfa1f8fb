/**
 * The interval of a connection schedule in milliseconds: "every 6h", "every 30m", "every 2d",
 * "hourly", "daily", "daily 03:00", "weekly"; null when it cannot be read (the rule then skips it).
 */
export function scheduleIntervalMs(schedule: string | null): number | null {
  if (!schedule) return null;
  const s = schedule.trim().toLowerCase();
  const every = /^every\s+(\d+)\s*(m|min|h|d)$/.exec(s);
  if (every) return Number(every[1]) * { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[every[2] as "m"];
  if (s.startsWith("hourly")) return 3_600_000;
  if (s.startsWith("daily")) return 86_400_000;
  if (s.startsWith("weekly")) return 7 * 86_400_000;
  return null;
}
