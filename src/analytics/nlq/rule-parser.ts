import type { CompareTo, Dimension, DimensionFilter, Grain, Measure, MeasureFilter, MeasureOperator, MetricsQuery, OrderBy } from "../metrics/query.js";
import { addDays } from "../../dates.js";
import { findDatePhrases } from "./date-phrases.js";
import { DIMENSION_PHRASES, GRAIN_PHRASES, LOWER_IS_BETTER, MEASURE_PHRASES, PLATFORM_PHRASES, STOPWORDS } from "./vocabulary.js";

/** What a question was turned into, and what of it was not understood. */
export interface Interpretation {
  /** The query to run, or null when the question could not be interpreted. */
  query: MetricsQuery | null;
  /** What was understood, in words ("measure: roas", "period: 2024-10-01 to 2024-10-31 (last month)"). */
  understood: string[];
  /** Words or parts that were not understood (or why no query could be built). */
  notUnderstood: string[];
}

export interface ParseOptions {
  /** The day questions are asked on (YYYY-MM-DD); relative dates count from it. */
  today: string;
  /** Range used when the question names none, in days before today. Default 30. */
  defaultDays?: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alt = (phrases: string[]) => [...phrases].sort((a, b) => b.length - a.length).map(esc).join("|");
const NUM_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20 };

/** A mutable copy of the question in which consumed words are blanked out (offsets stay the same). */
class Text {
  constructor(public s: string) {}
  /** Blank every match of `re`, calling `fn` for each; returns whether any matched. */
  take(re: RegExp, fn: (m: RegExpExecArray) => void): boolean {
    const g = new RegExp(re.source, "g");
    let any = false;
    for (let m = g.exec(this.s); m; m = g.exec(this.s)) {
      fn(m);
      any = true;
      this.s = this.s.slice(0, m.index) + " ".repeat(m[0].length) + this.s.slice(m.index + m[0].length);
    }
    return any;
  }
  blank(index: number, length: number) {
    this.s = this.s.slice(0, index) + " ".repeat(length) + this.s.slice(index + length);
  }
}

export function normaliseQuestion(q: string): string {
  return q.toLowerCase().replace(/(\d),(\d{3})\b/g, "$1$2").replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/[?!,;:()]/g, " ").replace(/\.(\s|$)/g, " ").replace(/\s+/g, " ").trim();
}

/** Turn a plain-English question into a MetricsQuery with fixed rules (no network, deterministic). */
export function parseQuestion(question: string, opts: ParseOptions): Interpretation {
  const understood: string[] = [];
  const notUnderstood: string[] = [];
  const t = new Text(` ${normaliseQuestion(question)} `);
  const measures: Measure[] = [];
  const dimensions: Dimension[] = [];
  const filters: DimensionFilter[] = [];
  const having: MeasureFilter[] = [];
  const pos = new Map<Measure, number>();
  const addMeasure = (m: Measure, at: number) => {
    if (!measures.includes(m)) { measures.push(m); pos.set(m, at); understood.push(`measure: ${m}`); }
  };

  // Named entities in quotes: campaign "Summer Sale" → campaignName contains (the value keeps its case).
  const quoted = [...question.replace(/[“”]/g, '"').matchAll(/"([^"]+)"/g)].map((m) => m[1].trim());
  t.take(/\b(campaign|ad set|ad group|ad|account)s? (?:named |called |containing |like )?"([^"]+)"/, (m) => {
    const dimension: Dimension = m[1] === "campaign" ? "campaignName" : m[1] === "account" ? "accountName" : m[1] === "ad" ? "adName" : "adGroupName";
    const value = quoted.find((q) => q.toLowerCase() === m[2].trim()) ?? m[2].trim();
    filters.push({ dimension, operator: "contains", values: [value] });
    understood.push(`filter: ${dimension} contains "${value}"`);
  });

  // Comparison: split at "vs", "versus", "compared to/with"; the rest describes the other period.
  let compareTo: CompareTo | undefined;
  const cmp = /\b(?:vs\.?|versus|compared (?:to|with)|against)\b(.*)$/.exec(t.s);
  const platformAlt = alt(PLATFORM_PHRASES.map(([p]) => p));
  if (cmp && new RegExp(`^ (?:${platformAlt})\\b`).test(cmp[1])) {
    // "Facebook vs Google": platforms side by side, not two periods.
    t.blank(cmp.index, cmp[0].length - cmp[1].length);
    dimensions.push("platform");
    understood.push("by: platform");
  } else if (cmp) {
    const rest = new Text(cmp[1]);
    const yearAgo = /\b(?:the )?(?:same (?:period|time) )?(?:last year|a year (?:ago|earlier|before)|the year before|previous year|prior year)\b/;
    const before = /\b(?:the )?(?:(?:period|month|week|quarter|year|day|days) )?(?:before|previous|prior|preceding|earlier)(?: (?:period|month|week|quarter|year|one))?\b/;
    if (rest.take(yearAgo, () => {})) compareTo = { type: "samePeriodLastYear" };
    else if (rest.take(before, () => {})) compareTo = { type: "previousPeriod" };
    else {
      const [other] = findDatePhrases(rest.s, opts.today);
      if (other) {
        compareTo = { type: "custom", range: other.range };
        rest.blank(other.index, other.text.length);
      }
    }
    if (compareTo) {
      understood.push(`compare with: ${compareTo.type === "custom" ? `${compareTo.range.from} to ${compareTo.range.to}` : compareTo.type}`);
      // Blank the words that named the other period; keep the rest ("… by campaign", "… this month").
      t.s = t.s.slice(0, cmp.index) + " ".repeat(cmp[0].length - cmp[1].length) + rest.s;
    } else {
      notUnderstood.push(`what to compare with ("${cmp[0].trim()}")`);
      t.blank(cmp.index, cmp[0].length);
    }
  }
  t.take(/\b(?:year over year|yoy)\b/, () => {
    compareTo = { type: "samePeriodLastYear" };
    understood.push("compare with: samePeriodLastYear");
  });

  // Measure thresholds: "spend over 1000" → having.
  const measureAlt = alt(MEASURE_PHRASES.map(([p]) => p));
  const OPS: [RegExp, MeasureOperator][] = [
    [/^(?:over|above|more than|greater than|>)$/, "gt"], [/^(?:at least|>=)$/, "gte"],
    [/^(?:under|below|less than|<)$/, "lt"], [/^(?:at most|<=)$/, "lte"],
  ];
  t.take(new RegExp(`\\b(${measureAlt}) (?:of |is |was )?(over|above|more than|greater than|at least|under|below|less than|at most|>=|<=|>|<) \\$?(\\d[\\d,]*(?:\\.\\d+)?)(k)?\\b`), (m) => {
    const measure = MEASURE_PHRASES.find(([p]) => p === m[1])![1];
    const operator = OPS.find(([re]) => re.test(m[2]))![1];
    const value = Number(m[3].replace(/,/g, "")) * (m[4] ? 1000 : 1);
    addMeasure(measure, m.index);
    having.push({ measure, operator, value });
    understood.push(`only rows with ${measure} ${operator} ${value}`);
  });

  // Top-N and superlatives.
  let limit: number | undefined;
  let rank: { dir: "best" | "worst" | "desc" | "asc"; at: number } | undefined;
  t.take(/\b(top|bottom) (\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b/, (m) => {
    limit = NUM_WORDS[m[2]] ?? Number(m[2]);
    rank = { dir: m[1] === "top" ? "best" : "worst", at: m.index };
    understood.push(`${m[1]} ${limit}`);
  });
  t.take(/\b(best|better|worst|worse|highest|higher|most|biggest|largest|greatest|lowest|lower|least|fewest|smallest|cheapest|top|bottom)\b/, (m) => {
    const w = m[1];
    const dir = /^(best|better|top)$/.test(w) ? "best" : /^(worst|worse|bottom)$/.test(w) ? "worst" : /^(highest|higher|most|biggest|largest|greatest)$/.test(w) ? "desc" : "asc";
    rank ??= { dir, at: m.index };
    understood.push(`ranked: ${w}`);
  });

  // Period: the first date phrase; a second one is not understood.
  let dateRange: { from: string; to: string } | undefined;
  for (const d of findDatePhrases(t.s, opts.today)) {
    if (!dateRange) {
      dateRange = d.range;
      understood.push(`period: ${d.range.from} to ${d.range.to} ("${d.text.trim()}")`);
    } else notUnderstood.push(`a second period ("${d.text.trim()}")`);
    t.blank(d.index, d.text.length);
  }

  let grain: Grain | undefined;
  for (const [re, g] of GRAIN_PHRASES) {
    t.take(re, () => {
      if (!grain) { grain = g; understood.push(`by: ${g}`); }
    });
  }

  const platforms: string[] = [];
  t.take(new RegExp(`\\b(${platformAlt})\\b`), (m) => {
    const id = PLATFORM_PHRASES.find(([p]) => p === m[1])![1];
    if (!platforms.includes(id)) platforms.push(id);
  });
  if (platforms.length) {
    filters.unshift({ dimension: "platform", operator: "in", values: platforms });
    understood.push(`platform: ${platforms.join(", ")}`);
  }

  t.take(new RegExp(`\\b(${measureAlt})\\b`), (m) => addMeasure(MEASURE_PHRASES.find(([p]) => p === m[1])![1], m.index));

  t.take(/\b(?:across|on|for|over|of) all (?:the )?(?:channels|platforms|networks|accounts|campaigns|ads)\b/, () => understood.push("all of them together"));
  let singular = false;
  t.take(new RegExp(`\\b(${alt(DIMENSION_PHRASES.map(([p]) => p))})\\b`), (m) => {
    const d = DIMENSION_PHRASES.find(([p]) => p === m[1])![1];
    if (!dimensions.includes(d)) { dimensions.push(d); understood.push(`by: ${d}`); }
    // "which campaign …" ranks to one row; "… by campaign" only groups.
    singular ||= !m[1].endsWith("s") && !/\b(?:by|per|each) $/.test(t.s.slice(0, m.index));
  });

  const leftover = t.s.split(/\s+/).filter((w) => w && !STOPWORDS.has(w) && !/^[-'"$%.]+$/.test(w));
  if (leftover.length) notUnderstood.push(`the words: ${leftover.join(", ")}`);
  if (!measures.length) notUnderstood.push("which measure to report (e.g. spend, clicks, ROAS, CPA)");
  if (rank && !measures.length) notUnderstood.push("what to rank by");
  if (notUnderstood.length) return { query: null, understood, notUnderstood };

  if (!dateRange) {
    const days = opts.defaultDays ?? 30;
    dateRange = { from: addDays(opts.today, -days), to: addDays(opts.today, -1) };
    understood.push(`period: ${dateRange.from} to ${dateRange.to} (none given: the last ${days} days)`);
  }
  measures.sort((a, b) => pos.get(a)! - pos.get(b)!);
  const query: MetricsQuery = { measures, dateRange };
  if (dimensions.length) query.dimensions = dimensions;
  if (grain) query.grain = grain;
  if (filters.length) query.filters = filters;
  if (having.length) query.having = having;
  if (compareTo) query.compareTo = compareTo;
  if (rank) {
    // Rank by the first measure named after the superlative ("best CPA"), else the first measure.
    const after = measures.filter((m) => (pos.get(m) ?? 0) > rank!.at);
    const field = after[0] ?? measures[0];
    const lowerBetter = LOWER_IS_BETTER.includes(field);
    const asc = rank.dir === "asc" || (rank.dir === "best" && lowerBetter) || (rank.dir === "worst" && !lowerBetter);
    const orderBy: OrderBy[] = [{ field, direction: asc ? "asc" : "desc" }];
    query.orderBy = orderBy;
    if (limit === undefined && dimensions.length && singular) limit = 1;
  }
  if (limit !== undefined) query.limit = limit;
  return { query, understood, notUnderstood };
}
