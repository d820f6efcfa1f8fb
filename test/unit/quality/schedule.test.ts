import { describe, expect, it } from "vitest";
import { scheduleIntervalMs } from "../../../src/analytics/quality/schedule.js";

describe("schedule intervals", () => {
  it.each([
    ["every 6h", 6 * 3_600_000], ["every 30m", 1_800_000], ["every 2d", 2 * 86_400_000], ["hourly", 3_600_000],
    ["daily 03:00", 86_400_000], ["weekly", 7 * 86_400_000], ["whenever", null], [null, null],
  ])("%s → %s ms", (s, ms) => {
    expect(scheduleIntervalMs(s)).toBe(ms);
  });
});
