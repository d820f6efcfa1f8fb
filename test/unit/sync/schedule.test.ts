import { describe, expect, it } from "vitest";
import { nextDueAt, parseSchedule } from "../../../src/sync/schedule.js";

describe("parseSchedule", () => {
  it("reads intervals and daily times", () => {
    expect(parseSchedule("every 6h")).toEqual({ kind: "every", ms: 21_600_000 });
    expect(parseSchedule(" Every 30m ")).toEqual({ kind: "every", ms: 1_800_000 });
    expect(parseSchedule("daily 03:15")).toEqual({ kind: "daily", minuteOfDay: 195 });
  });
  it("refuses what it does not understand, saying the accepted forms", () => {
    expect(() => parseSchedule("hourly")).toThrow('Schedule "hourly" is not understood. Use "every <n>m|h|d" (e.g. "every 6h") or "daily HH:MM" in UTC (e.g. "daily 03:00").');
    expect(() => parseSchedule("every 1m")).toThrow('Schedule "every 1m" is too frequent; the shortest is "every 5m".');
  });
});

describe("nextDueAt", () => {
  const now = new Date("2024-03-10T12:00:00Z");
  it("is due now when never run, else one interval after the last run", () => {
    expect(nextDueAt({ kind: "every", ms: 3_600_000 }, undefined, now)).toEqual(now);
    expect(nextDueAt({ kind: "every", ms: 3_600_000 }, new Date("2024-03-10T11:30:00Z"), now)).toEqual(new Date("2024-03-10T12:30:00Z"));
  });
  it("is due at today's slot until a run covers it, then tomorrow's", () => {
    const s = { kind: "daily", minuteOfDay: 180 } as const;
    expect(nextDueAt(s, new Date("2024-03-09T03:05:00Z"), now)).toEqual(new Date("2024-03-10T03:00:00Z"));
    expect(nextDueAt(s, new Date("2024-03-10T03:01:00Z"), now)).toEqual(new Date("2024-03-11T03:00:00Z"));
  });
});
