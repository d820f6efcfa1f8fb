import { addDays, addMonths, daysBetween } from "../../dates.js";
import type { CompareTo, DateRange } from "./query.js";

/** The range a comparison runs against. */
export function compareRange(range: DateRange, to: CompareTo): DateRange {
  switch (to.type) {
    case "previousPeriod": {
      const days = daysBetween(range.from, range.to) + 1;
      return { from: addDays(range.from, -days), to: addDays(range.from, -1) };
    }
    // 29 February compares with 28 February of the year before.
    case "samePeriodLastYear": return { from: addMonths(range.from, -12), to: addMonths(range.to, -12) };
    case "custom": return to.range;
  }
}
