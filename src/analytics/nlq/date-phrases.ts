import { addDays, addMonths, daysInMonth, isIsoDate, isoDayOfWeek, ymd } from "../../dates.js";
import type { DateRange } from "../metrics/query.js";

/** A date phrase found in a question: the range it means and the text it covered. */
export interface DatePhrase {
  range: DateRange;
  /** The words as they appeared ("last 7 days"). */
  text: string;
  /** Start offset in the normalised question. */
  index: number;
}

export const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_ALT = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const monthOf = (s: string) => MONTHS.findIndex((m) => m.startsWith(s.slice(0, 3))) + 1;
const NUMBER_WORDS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fourteen: 14, thirty: 30, ninety: 90 };
const num = (s: string) => NUMBER_WORDS[s] ?? Number(s);

const monthRange = (y: number, m: number): DateRange => ({ from: ymd(y, m, 1), to: ymd(y, m, daysInMonth(y, m)) });
const quarterRange = (y: number, q: number): DateRange => ({ from: ymd(y, q * 3 - 2, 1), to: ymd(y, q * 3, daysInMonth(y, q * 3)) });
const yearRange = (y: number): DateRange => ({ from: ymd(y, 1, 1), to: ymd(y, 12, 31) });
const parts = (d: string) => d.split("-").map(Number) as [number, number, number];
/** The latest occurrence of month `m` that has started by `today` (this year's, or last year's if it is still ahead). */
const latestMonthYear = (today: string, m: number) => (m <= parts(today)[1] ? parts(today)[0] : parts(today)[0] - 1);

type Rule = [RegExp, (m: RegExpExecArray, today: string) => DateRange | null];

/**
 * Date phrases, most specific first. Conventions: "last N days" are the N full days before today;
 * "this week/month/quarter/year" and "since …" run to today; weeks start on Monday; a month or quarter
 * named without a year is its latest occurrence that has begun.
 */
const RULES: Rule[] = [
  [/\b(?:between|from) (\d{4}-\d{2}-\d{2}) (?:and|to|until|through) (\d{4}-\d{2}-\d{2})\b/, (m) => ({ from: m[1], to: m[2] })],
  [/\bsince (\d{4}-\d{2}-\d{2})\b/, (m, t) => ({ from: m[1], to: t })],
  [/\b(?:on )?(\d{4}-\d{2}-\d{2})\b/, (m) => ({ from: m[1], to: m[1] })],
  [/\btoday\b/, (_m, t) => ({ from: t, to: t })],
  [/\byesterday\b/, (_m, t) => ({ from: addDays(t, -1), to: addDays(t, -1) })],
  [/\b(?:the )?(?:last|past|previous|prior) (\d+|[a-z]+) (day|week|month)s?\b/, (m, t) => {
    const n = num(m[1]);
    if (!Number.isFinite(n) || n < 1) return null;
    if (m[2] === "day") return { from: addDays(t, -n), to: addDays(t, -1) };
    if (m[2] === "week") return { from: addDays(t, -7 * n), to: addDays(t, -1) };
    return { from: addMonths(t, -n), to: addDays(t, -1) };
  }],
  [/\b(?:this|current) week\b|\bweek to date\b|\bwtd\b/, (_m, t) => ({ from: addDays(t, 1 - isoDayOfWeek(t)), to: t })],
  [/\b(?:last|previous|past) week\b/, (_m, t) => { const mon = addDays(t, 1 - isoDayOfWeek(t) - 7); return { from: mon, to: addDays(mon, 6) }; }],
  [/\b(?:this|current) month\b|\bmonth to date\b|\bmtd\b/, (_m, t) => ({ from: ymd(parts(t)[0], parts(t)[1], 1), to: t })],
  [/\b(?:last|previous|past) month\b/, (_m, t) => { const d = addMonths(ymd(parts(t)[0], parts(t)[1], 1), -1); return monthRange(parts(d)[0], parts(d)[1]); }],
  [/\b(?:this|current) quarter\b|\bquarter to date\b|\bqtd\b/, (_m, t) => ({ from: quarterRange(parts(t)[0], Math.ceil(parts(t)[1] / 3)).from, to: t })],
  [/\b(?:last|previous|past) quarter\b/, (_m, t) => {
    const q = Math.ceil(parts(t)[1] / 3);
    return q === 1 ? quarterRange(parts(t)[0] - 1, 4) : quarterRange(parts(t)[0], q - 1);
  }],
  [/\b(?:this|current) year\b|\byear to date\b|\bytd\b/, (_m, t) => ({ from: ymd(parts(t)[0], 1, 1), to: t })],
  [/\b(?:last|previous|past) year\b/, (_m, t) => yearRange(parts(t)[0] - 1)],
  [/\bq([1-4]) (?:of )?(\d{4})\b|\b(\d{4}) q([1-4])\b/, (m) => quarterRange(Number(m[2] ?? m[3]), Number(m[1] ?? m[4]))],
  [/\bq([1-4])\b/, (m, t) => {
    const q = Number(m[1]);
    const y = q <= Math.ceil(parts(t)[1] / 3) ? parts(t)[0] : parts(t)[0] - 1;
    return quarterRange(y, q);
  }],
  [new RegExp(`\\bsince (${MONTH_ALT})(?: (\\d{4}))?\\b`), (m, t) => {
    const mo = monthOf(m[1]);
    const y = m[2] ? Number(m[2]) : latestMonthYear(t, mo);
    return { from: ymd(y, mo, 1), to: t };
  }],
  [new RegExp(`\\b(${MONTH_ALT}) (\\d{4})\\b`), (m) => monthRange(Number(m[2]), monthOf(m[1]))],
  [new RegExp(`\\b(?:in|during|for|of) (${MONTH_ALT})\\b`), (m, t) => { const mo = monthOf(m[1]); return monthRange(latestMonthYear(t, mo), mo); }],
  [/\b(?:in |during |for )?(20\d{2})\b/, (m) => yearRange(Number(m[1]))],
];

// A month named on its own ("october vs september"); "may" is left out, it is more often the verb.
const BARE_MONTH: Rule = [/\b(jan(?:uary)?|feb(?:ruary)?|march|april|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/,
  (m, t) => { const mo = monthOf(m[1]!); return monthRange(latestMonthYear(t, mo), mo); }];

/** Every date phrase in `text` (lower-cased), left to right, without overlaps; `bareMonths`: also months named alone. */
export function findDatePhrases(text: string, today: string, opts: { bareMonths?: boolean } = {}): DatePhrase[] {
  if (!isIsoDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
  const found: DatePhrase[] = [];
  const taken: [number, number][] = [];
  for (const [re, fn] of opts.bareMonths ? [...RULES, BARE_MONTH] : RULES) {
    const g = new RegExp(re.source, "g");
    for (let m = g.exec(text); m; m = g.exec(text)) {
      const start = m.index, end = m.index + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const range = fn(m, today);
      if (!range || !isIsoDate(range.from) || !isIsoDate(range.to)) continue;
      taken.push([start, end]);
      found.push({ range, text: m[0], index: start });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
