import { addDays, isoDayOfWeek, ymd } from "../../dates.js";
import type { DateRange, DimensionFilter } from "../metrics/query.js";
import { nameWords, type OrgVocabulary } from "./entity-linker.js";

/** A calendar phrase: the days it stands for (a holiday, a shopping peak, one of the org's events). */
export interface CalendarPhrase { range: DateRange; text: string; index: number; label: string }

const nthWeekday = (y: number, month: number, isoDow: number, n: number) => {
  const first = ymd(y, month, 1);
  return addDays(first, ((isoDow - isoDayOfWeek(first) + 7) % 7) + 7 * (n - 1));
};
const lastWeekday = (y: number, month: number, isoDow: number) => {
  const next = ymd(y, month + 1, 1);
  const last = addDays(next, -1);
  return addDays(last, -((isoDayOfWeek(last) - isoDow + 7) % 7));
};

/** Days of a year's named day or peak (US retail calendar: Black Friday is the day after Thanksgiving). */
const DAYS: [RegExp, string, (y: number) => DateRange][] = [
  [/\b(?:black friday (?:to |through |and |- ?)?cyber monday|bfcm|black friday weekend|cyber weekend|cyber five)\b/, "Black Friday to Cyber Monday", (y) => {
    const bf = addDays(nthWeekday(y, 11, 4, 4), 1);
    return { from: bf, to: addDays(bf, 3) };
  }],
  [/\bblack friday\b/, "Black Friday", (y) => { const d = addDays(nthWeekday(y, 11, 4, 4), 1); return { from: d, to: d }; }],
  [/\bcyber monday\b/, "Cyber Monday", (y) => { const d = addDays(nthWeekday(y, 11, 4, 4), 4); return { from: d, to: d }; }],
  [/\bthanksgiving(?: day)?\b/, "Thanksgiving", (y) => { const d = nthWeekday(y, 11, 4, 4); return { from: d, to: d }; }],
  [/\b(?:christmas|xmas)(?: day)?\b/, "Christmas Day", (y) => ({ from: ymd(y, 12, 25), to: ymd(y, 12, 25) })],
  [/\bchristmas eve\b/, "Christmas Eve", (y) => ({ from: ymd(y, 12, 24), to: ymd(y, 12, 24) })],
  [/\bnew year'?s eve\b/, "New Year's Eve", (y) => ({ from: ymd(y, 12, 31), to: ymd(y, 12, 31) })],
  [/\bnew year'?s(?: day)?\b/, "New Year's Day", (y) => ({ from: ymd(y, 1, 1), to: ymd(y, 1, 1) })],
  [/\bvalentine'?s(?: day)?\b/, "Valentine's Day", (y) => ({ from: ymd(y, 2, 14), to: ymd(y, 2, 14) })],
  [/\bhalloween\b/, "Halloween", (y) => ({ from: ymd(y, 10, 31), to: ymd(y, 10, 31) })],
  [/\b(?:independence day|july 4th|4th of july|fourth of july)\b/, "Independence Day", (y) => ({ from: ymd(y, 7, 4), to: ymd(y, 7, 4) })],
  [/\bmemorial day\b/, "Memorial Day", (y) => { const d = lastWeekday(y, 5, 1); return { from: d, to: d }; }],
  [/\blabor day\b/, "Labor Day", (y) => { const d = nthWeekday(y, 9, 1, 1); return { from: d, to: d }; }],
  [/\bmother'?s day\b/, "Mother's Day", (y) => { const d = nthWeekday(y, 5, 7, 2); return { from: d, to: d }; }],
  [/\bfather'?s day\b/, "Father's Day", (y) => { const d = nthWeekday(y, 6, 7, 3); return { from: d, to: d }; }],
];

const YEAR_AFTER = /^(?:'s)? (\d{4})\b/;

/**
 * Named days and the org's events in a lower-cased text. A day named without a year is its latest
 * occurrence that has begun by `today`; `year` (from "last year" elsewhere in the question) overrides that.
 */
export function findCalendarPhrases(text: string, today: string, vocabulary: OrgVocabulary = {}, year?: number): CalendarPhrase[] {
  const found: CalendarPhrase[] = [];
  let s = text;
  const take = (start: number, len: number) => { s = s.slice(0, start) + " ".repeat(len) + s.slice(start + len); };
  for (const ev of [...(vocabulary.events ?? [])].sort((a, b) => b.name.length - a.name.length)) {
    const re = new RegExp(`(?:\\b(?:the|during|over) )*\\b${nameWords(ev.name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "g");
    for (let m = re.exec(s); m; m = re.exec(s)) {
      found.push({ range: { from: ev.from, to: ev.to }, text: m[0], index: m.index, label: ev.name });
      take(m.index, m[0].length);
    }
  }
  for (const [pattern, label, days] of DAYS) {
    const re = new RegExp(pattern.source, "g");
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const explicit = YEAR_AFTER.exec(s.slice(m.index + m[0].length));
      let y = explicit ? Number(explicit[1]) : year ?? Number(today.slice(0, 4));
      if (!explicit && year === undefined && days(y).from > today) y -= 1;
      const len = m[0].length + (explicit ? explicit[0].length : 0);
      found.push({ range: days(y), text: s.slice(m.index, m.index + len), index: m.index, label: `${label} ${y}` });
      take(m.index, len);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** Weekend, weekday and holiday words as calendar filters or groupings. */
export const CALENDAR_FILTERS: [RegExp, { filter?: DimensionFilter; dimension?: "isWeekend" | "holidayName" | "dayOfWeek" | "monthOfYear"; label: string }][] = [
  [/\b(?:weekends? (?:vs\.?|versus|compared to|and) weekdays?|weekdays? (?:vs\.?|versus|compared to|and) weekends?)\b/, { dimension: "isWeekend", label: "by: weekend or weekday" }],
  [/\b(?:by|per|each) (?:holiday|holidays)\b/, { dimension: "holidayName", filter: { dimension: "isHoliday", operator: "equals", values: ["true"] }, label: "by: holiday" }],
  [/\b(?:by|per|each) (?:weekday|day of (?:the )?week)\b/, { dimension: "dayOfWeek", label: "by: day of week" }],
  [/\b(?:by|per|each) month of (?:the )?year\b/, { dimension: "monthOfYear", label: "by: month of year" }],
  [/\b(?:on )?(?:the )?(?<!friday )(?<!cyber )weekends?\b/, { filter: { dimension: "isWeekend", operator: "equals", values: ["true"] }, label: "only weekends" }],
  [/\b(?:on )?weekdays?\b|\bbusiness days?\b/, { filter: { dimension: "isWeekend", operator: "equals", values: ["false"] }, label: "only weekdays" }],
  [/\b(?:on )?(?:public )?holidays\b/, { filter: { dimension: "isHoliday", operator: "equals", values: ["true"] }, label: "only public holidays" }],
];
