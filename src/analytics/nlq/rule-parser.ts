import type { CompareTo, Dimension, DimensionFilter, Grain, Measure, MeasureFilter, MeasureOperator, MetricsQuery, OrderBy } from "../metrics/query.js";
import { addDays, isoDayOfWeek } from "../../dates.js";
import { findDatePhrases, MONTHS } from "./date-phrases.js";
import { DIMENSION_PHRASES, GRAIN_PHRASES, LOWER_IS_BETTER, MEASURE_PHRASES, PLATFORM_GROUPS, PLATFORM_PHRASES, STOPWORDS } from "./vocabulary.js";
import { correctTypos } from "./typos.js";
import { buildEntityIndex, findEntities, LEVEL_DIMENSION, vocabularyWords, type EntityPhrase, type OrgVocabulary } from "./entity-linker.js";
import { CALENDAR_FILTERS, findCalendarPhrases } from "./calendar-phrases.js";
import { findCausalIntent, type CausalIntent } from "./causal-intent.js";
import { monthOverMonth, periodBefore, toDateShift } from "./compare-phrases.js";

/** What a question was turned into, and what of it was not understood. */
export interface Interpretation {
  /** The query to run, or null when the question could not be interpreted (or is causal). */
  query: MetricsQuery | null;
  /** What was understood, in words ("measure: roas", "period: 2024-10-01 to 2024-10-31 (last month)"). */
  understood: string[];
  /** Words or parts that were not understood (or why no query could be built). */
  notUnderstood: string[];
  /** Set when the question asks what marketing truly caused (models, experiments, budget), not reported numbers. */
  causal?: CausalIntent;
}

export interface ParseOptions {
  /** The day questions are asked on (YYYY-MM-DD); relative dates count from it. */
  today: string;
  /** Range used when the question names none, in days before today. Default 30. */
  defaultDays?: number;
  /** The org's own names (campaigns, ad sets, ads, accounts, events), linked without quotes. */
  vocabulary?: OrgVocabulary;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alt = (phrases: string[]) => [...phrases].sort((a, b) => b.length - a.length).map(esc).join("|");
const NUM_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20 };
const HOW_DID: Measure[] = ["spend", "revenue", "roas"];
const PERCENT_MEASURES: Measure[] = ["ctr", "cvr"];

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
      this.blank(m.index, m[0].length);
    }
    return any;
  }
  blank(index: number, length: number) {
    this.s = this.s.slice(0, index) + " ".repeat(length) + this.s.slice(index + length);
  }
}

export function normaliseQuestion(q: string): string {
  return q.toLowerCase().replace(/(\d),(\d{3})\b/g, "$1$2").replace(/[“”]/g, '"').replace(/[‘’]/g, "'")
    .replace(/\bhow'd\b/g, "how did").replace(/\b([a-z]+)'s\b/g, (m, w: string) => (w === "what" || w === "it" || w === "that" ? m : w))
    .replace(/[?!,;:()]/g, " ").replace(/\.(\s|$)/g, " ").replace(/\s+/g, " ").trim();
}

const PLATFORM_ALT = alt([...PLATFORM_PHRASES.map(([p]) => p), ...PLATFORM_GROUPS.map(([p]) => p)]);
const platformsOf = (phrase: string) => PLATFORM_GROUPS.find(([p]) => p === phrase)?.[1] ?? [PLATFORM_PHRASES.find(([p]) => p === phrase)![1]];
const MEASURE_ALT = alt(MEASURE_PHRASES.map(([p]) => p));
const measureOf = (phrase: string) => MEASURE_PHRASES.find(([p]) => p === phrase)![1];

// Words the grammar itself uses: typo correction never "corrects" them and maps misspellings onto them.
const BASE_WORDS = [
  ...MONTHS, ...[...PLATFORM_PHRASES, ...PLATFORM_GROUPS, ...MEASURE_PHRASES, ...DIMENSION_PHRASES].flatMap(([p]) => p.split(/[\s-]/)),
  ..."yesterday today last past previous prior this current week weeks month months quarter quarters year years day days since between until through ytd mtd qtd wtd daily weekly monthly quarterly yearly annual".split(" "),
  ..."top bottom best worst highest lowest most least fewest biggest largest smallest cheapest over above under below more less greater than least rank ranked ranking".split(" "),
  ..."versus against compared before after same excluding exclude except without counting including other minus but weekend weekends weekday weekdays holiday holidays business".split(" "),
  ..."black friday cyber monday thanksgiving christmas xmas halloween valentine memorial labor independence mother father bfcm".split(" "),
  ..."incremental incrementality actually really truly true holdout holdouts experiment experiments test tests lift geo model mmm mix allocate allocation budget next extra split where should working".split(" "),
  ..."wasted waste wasting go goes went gone up down increase decrease rise fall fell dropped drop improve".split(" "),
  ...STOPWORDS,
];
const indexes = new WeakMap<OrgVocabulary, { index: Map<string, EntityPhrase>; known: Set<string> }>();
const EMPTY: OrgVocabulary = {};
function vocabularyOf(v: OrgVocabulary) {
  let x = indexes.get(v);
  if (!x) {
    const index = buildEntityIndex(v);
    x = { index, known: new Set([...BASE_WORDS, ...vocabularyWords(index, v)]) };
    indexes.set(v, x);
  }
  return x;
}

/** Turn a plain-English question into a MetricsQuery with fixed rules (no network, deterministic). */
export function parseQuestion(question: string, opts: ParseOptions): Interpretation {
  const understood: string[] = [];
  const notUnderstood: string[] = [];
  const vocabulary = opts.vocabulary ?? EMPTY;
  const { index, known } = vocabularyOf(vocabulary);
  // Typos are corrected outside quotes only: a quoted name is taken as written.
  const fixed = { text: "", corrections: [] as [string, string][] };
  normaliseQuestion(question).split('"').forEach((part, i) => {
    const c = i % 2 ? { text: part, corrections: [] } : correctTypos(part, known);
    fixed.text += (i ? '"' : "") + c.text;
    fixed.corrections.push(...c.corrections);
  });
  for (const [from, to] of fixed.corrections) understood.push(`read "${from}" as "${to}"`);
  const t = new Text(` ${fixed.text.replace(/\bcheapest\b(.*?)\bfor clicks\b/, "lowest$1cpc")} `);
  const measures: Measure[] = [];
  const dimensions: Dimension[] = [];
  const filters: DimensionFilter[] = [];
  const having: MeasureFilter[] = [];
  const pos = new Map<Measure, number>();
  const addMeasure = (m: Measure, at: number) => {
    if (!measures.includes(m)) { measures.push(m); pos.set(m, at); understood.push(`measure: ${m}`); }
  };
  const addDimension = (d: Dimension) => { if (!dimensions.includes(d)) { dimensions.push(d); understood.push(`by: ${d}`); } };

  // Names in quotes: the org's name at its level, or after a level word, else a campaign name.
  const quoted = [...question.replace(/[“”]/g, '"').matchAll(/"([^"]+)"/g)].map((m) => m[1]!.trim());
  t.take(/(?:\b(campaign|ad set|ad group|ad|account)s? (?:named |called |containing |like )?)?"([^"]+)"/, (m) => {
    const value = quoted.find((q) => q.toLowerCase() === m[2]!.trim()) ?? m[2]!.trim();
    const lvl = m[1] ? (m[1] === "campaign" ? "campaign" : m[1] === "account" ? "account" : m[1] === "ad" ? "ad" : "adGroup")
      : (["campaigns", "adGroups", "ads", "accounts"] as const).map((k, i) => [k, ["campaign", "adGroup", "ad", "account"][i]] as const)
        .find(([k]) => vocabulary[k]?.some((e) => e.name.toLowerCase() === value.toLowerCase()))?.[1] ?? "campaign";
    const dimension = LEVEL_DIMENSION[lvl as keyof typeof LEVEL_DIMENSION];
    filters.push({ dimension, operator: "contains", values: [value] });
    understood.push(`filter: ${dimension} contains "${value}"`);
  });

  // Causal questions are answered from models, experiments and the optimiser, not from reported numbers.
  const mentioned = [...t.s.matchAll(new RegExp(`\\b(${PLATFORM_ALT})\\b`, "g"))].flatMap((m) => platformsOf(m[1]!));
  const causal = findCausalIntent(t.s, [...new Set(mentioned)]);
  if (causal) return { query: null, understood: [...understood, `a causal question (${causal.kind})`], notUnderstood: [], causal };

  // Calendar words that filter or group days.
  for (const [re, c] of CALENDAR_FILTERS) {
    t.take(re, () => {
      if (c.dimension) addDimension(c.dimension);
      if (c.filter && !filters.some((f) => f.dimension === c.filter!.dimension)) filters.push(c.filter);
      if (!c.dimension) understood.push(c.label);
    });
  }

  // Exclusions: "excluding klaviyo", "except the Evergreen campaigns", "all channels but tiktok".
  t.take(/(?:\b(?:all|every) (?:the )?(?:channels|platforms|networks) )?\b(?:excluding|exclude|except(?: for)?|without|not counting|not including|other than|minus|but not|but)\b/, (m) => {
    let rest = t.s.slice(m.index + m[0].length);
    let used = 0;
    const out: string[] = [];
    for (;;) {
      const lead = /^(?: |the |and |or |& )*/.exec(rest)![0];
      const p = new RegExp(`^(${PLATFORM_ALT})\\b(?: ads\\b)?`).exec(rest.slice(lead.length));
      if (p) {
        out.push(...platformsOf(p[1]!));
        used += lead.length + p[0].length; rest = rest.slice(lead.length + p[0].length); continue;
      }
      const [e] = findEntities(rest.slice(lead.length), index).filter((x) => x.index === 0);
      if (e) {
        filters.push({ dimension: LEVEL_DIMENSION[e.level], operator: "notIn", values: e.names });
        understood.push(`leaving out ${e.level} names with "${e.value}"`);
        used += lead.length + e.length; rest = rest.slice(lead.length + e.length); continue;
      }
      break;
    }
    if (out.length) { filters.push({ dimension: "platform", operator: "notIn", values: [...new Set(out)] }); understood.push(`leaving out: ${out.join(", ")}`); }
    if (!used) notUnderstood.push(`what to leave out ("${m[0].trim()}")`);
    else t.blank(m.index + m[0].length, used);
  });

  // The org's names without quotes (typo-corrected above).
  for (const e of findEntities(t.s, index)) {
    const dimension = LEVEL_DIMENSION[e.level];
    const f = filters.find((x) => x.dimension === dimension && x.operator === "contains");
    if (f) { if (!f.values.includes(e.value)) f.values.push(e.value); } else filters.push({ dimension, operator: "contains", values: [e.value] });
    understood.push(`filter: ${dimension} contains "${e.value}"`);
    t.blank(e.index, e.length);
  }

  // Casual phrasing → the measure it asks for.
  const defaults: Measure[] = [];
  let wasted = false, change = false;
  t.take(/\bhow many (sales|orders|purchases)\b/, () => addMeasure("conversions", 0));
  t.take(/\b(?:pay|paid|paying|cost|costs)(?: us)? (?:for|per) (?:a |each )?clicks?\b/, (m) => addMeasure("cpc", m.index));
  t.take(/\b(?:wasted|wasting|waste)(?: (?:money|budget|spend|cash))?\b/, () => { wasted = true; understood.push("wasted: ROAS below 1"); });
  t.take(/\b(?:go|goes|went|gone|going) (?:up|down)\b|\b(?:increase|increased|decrease|decreased|rise|rose|fall|fell|drop|dropped|improve|improved)\b/, () => { change = true; });
  if (/\bhow (?:did|does|do|is|are|was|were|has|have)\b.*\b(?:do|doing|done|perform|performing|performed|going)\b/.test(t.s)) {
    t.take(/\b(?:do|doing|done|perform|performing|performed|going)\b/, () => {});
    defaults.push(...HOW_DID);
  }
  if (/\b(?:drive|drove|driven|make|made|bring in|brought in|brung|generate|generated|earn|earned|produce|produced|return|returned)\b/.test(t.s)) defaults.push("revenue");

  // Comparison: split at "vs", "versus", "compared to/with"; the rest describes the other period.
  let compareTo: CompareTo | undefined;
  let compareBefore = false;
  let otherPhrase: { text: string } | undefined;
  const cmp = /\b(?:vs\.?|versus|compared (?:to|with)|against)\b(.*)$/.exec(t.s);
  if (cmp && new RegExp(`^ (?:${PLATFORM_ALT})\\b`).test(cmp[1]!)) {
    t.blank(cmp.index, cmp[0].length - cmp[1]!.length);
    addDimension("platform");
  } else if (cmp) {
    const rest = new Text(cmp[1]!);
    const yearAgo = /\b(?:the )?(?:same (?:period|time|days?) )?(?:last year|a year (?:ago|earlier|before)|the year before|previous year|prior year)\b/;
    const before = /\b(?:the )?(?:(?:period|month|week|quarter|year|day|days) )?(?:before|previous|prior|preceding|earlier)(?: (?:\d+ )?(?:period|months?|weeks?|quarters?|years?|days?|one))?\b/;
    if (rest.take(yearAgo, () => {})) compareTo = { type: "samePeriodLastYear" };
    else if (rest.take(before, () => {})) compareBefore = true;
    else {
      const [other] = findDatePhrases(rest.s, opts.today, { bareMonths: true });
      if (other) {
        compareTo = { type: "custom", range: other.range };
        otherPhrase = other;
        rest.blank(other.index, other.text.length);
      }
    }
    if (compareTo || compareBefore) t.s = t.s.slice(0, cmp.index) + " ".repeat(cmp[0].length - cmp[1]!.length) + rest.s;
    else {
      notUnderstood.push(`what to compare with ("${cmp[0].trim()}")`);
      t.blank(cmp.index, cmp[0].length);
    }
  }
  t.take(/\b(?:year over year|yoy|y\/y)\b/, () => { compareTo = { type: "samePeriodLastYear" }; });
  let mom = false, wow = false;
  t.take(/\b(?:month over month|mom|m\/m)\b/, () => { mom = true; });
  t.take(/\b(?:week over week|wow|w\/w)\b/, () => { wow = true; });

  // Measure thresholds: "spend over 1000", "ctr above 1%" → having.
  const OPS: [RegExp, MeasureOperator][] = [
    [/^(?:over|above|more than|greater than|>)$/, "gt"], [/^(?:at least|>=)$/, "gte"],
    [/^(?:under|below|less than|<)$/, "lt"], [/^(?:at most|<=)$/, "lte"],
  ];
  t.take(new RegExp(`\\b(${MEASURE_ALT}) (?:of |is |was )?(over|above|more than|greater than|at least|under|below|less than|at most|>=|<=|>|<) \\$?(\\d[\\d,]*(?:\\.\\d+)?)(k|%)?(?![\\w])`), (m) => {
    const measure = measureOf(m[1]!);
    const operator = OPS.find(([re]) => re.test(m[2]!))![1];
    let value = Number(m[3]!.replace(/,/g, "")) * (m[4] === "k" ? 1000 : 1);
    if (m[4] === "%" || (PERCENT_MEASURES.includes(measure) && value >= 1)) value = Math.round(value * 1e6) / 1e8;
    addMeasure(measure, m.index);
    having.push({ measure, operator, value });
    understood.push(`only rows with ${measure} ${operator} ${value}`);
  });

  // Top-N, superlatives and "ranked by".
  let limit: number | undefined;
  let rank: { dir: "best" | "worst" | "desc" | "asc"; at: number } | undefined;
  t.take(/\b(top|bottom) (\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b/, (m) => {
    limit = NUM_WORDS[m[2]!] ?? Number(m[2]);
    rank = { dir: m[1] === "top" ? "best" : "worst", at: m.index };
    understood.push(`${m[1]} ${limit}`);
  });
  t.take(/\b(best|better|worst|worse|highest|higher|most|biggest|largest|greatest|lowest|lower|least|fewest|smallest|cheapest|top|bottom|rank|ranked|ranking|sorted|sort)\b/, (m) => {
    const w = m[1]!;
    const dir = /^(best|better|top|rank|ranked|ranking|sorted|sort)$/.test(w) ? "best" : /^(worst|worse|bottom)$/.test(w) ? "worst" : /^(highest|higher|most|biggest|largest|greatest)$/.test(w) ? "desc" : "asc";
    rank ??= { dir, at: /^(rank|ranked|ranking|sorted|sort)$/.test(w) ? -1 : m.index };
    understood.push(`ranked: ${w}`);
  });

  // Period: a named day or event, else the first date phrase; a second one is not understood.
  let dateRange: { from: string; to: string } | undefined;
  let mainPhrase: { text: string; range: { from: string; to: string } } | undefined;
  const years = findDatePhrases(t.s, opts.today).filter((d) => /^(?:(?:in |during |for )?20\d{2}|last year|previous year|past year)$/.test(d.text.trim()));
  const days = findCalendarPhrases(t.s, opts.today, vocabulary);
  if (days.length && years.length) {
    const y = Number(years[0]!.range.from.slice(0, 4));
    t.blank(years[0]!.index, years[0]!.text.length);
    days.splice(0, days.length, ...findCalendarPhrases(t.s, opts.today, vocabulary, y));
  }
  for (const d of days) {
    if (!dateRange) { dateRange = d.range; mainPhrase = d; understood.push(`period: ${d.range.from} to ${d.range.to} (${d.label})`); }
    else notUnderstood.push(`a second period ("${d.text.trim()}")`);
    t.blank(d.index, d.text.length);
  }
  let since = false;
  for (const d of findDatePhrases(t.s, opts.today, { bareMonths: true })) {
    if (!dateRange) {
      dateRange = d.range; mainPhrase = d; since = /\bsince\b/.test(d.text);
      understood.push(`period: ${d.range.from} to ${d.range.to} ("${d.text.trim()}")`);
    } else notUnderstood.push(`a second period ("${d.text.trim()}")`);
    t.blank(d.index, d.text.length);
  }
  if (!dateRange && (wow || mom)) {
    const mon = addDays(opts.today, 1 - isoDayOfWeek(opts.today) - 7);
    dateRange = wow ? { from: mon, to: addDays(mon, 6) } : findDatePhrases("last month", opts.today)[0]!.range;
    understood.push(`period: ${dateRange.from} to ${dateRange.to} (last full ${wow ? "week" : "month"})`);
  }

  let grain: Grain | undefined;
  for (const [re, g] of GRAIN_PHRASES) t.take(re, () => { if (!grain) { grain = g; understood.push(`by: ${g}`); } });

  const platforms: string[] = [];
  let named = 0;
  t.take(new RegExp(`\\b(${PLATFORM_ALT})\\b(?: ads\\b(?! ?(?:sets?|groups?)))?`), (m) => {
    named += PLATFORM_GROUPS.some(([p]) => p === m[1]) ? 0 : 1;
    for (const id of platformsOf(m[1]!)) if (!platforms.includes(id)) platforms.push(id);
  });
  if (platforms.length) {
    filters.unshift({ dimension: "platform", operator: "in", values: platforms });
    understood.push(`platform: ${platforms.join(", ")}`);
    // "google and tiktok spend": each named channel is a row.
    if (named > 1 && platforms.length > 1) addDimension("platform");
  }

  t.take(new RegExp(`\\b(${MEASURE_ALT})\\b`), (m) => addMeasure(measureOf(m[1]!), m.index));
  if (wasted) {
    addMeasure("spend", 0); addMeasure("roas", 1);
    having.push({ measure: "roas", operator: "lt", value: 1 });
  }
  if (!measures.length && defaults.length) for (const m of defaults) addMeasure(m, 0);
  if (!measures.length && rank) addMeasure("spend", Number.MAX_SAFE_INTEGER);

  t.take(/\b(?:across|on|for|over|of) all (?:the )?(?:channels|platforms|networks|accounts|campaigns|ads)\b/, () => understood.push("all of them together"));
  let singular = false;
  t.take(new RegExp(`\\b(${alt(DIMENSION_PHRASES.map(([p]) => p))})\\b`), (m) => {
    addDimension(DIMENSION_PHRASES.find(([p]) => p === m[1])![1]);
    // "which campaign …" ranks to one row; "… by campaign" only groups.
    singular ||= !m[1]!.endsWith("s") && !/\b(?:by|per|each|every) $/.test(t.s.slice(0, m.index));
  });

  const leftover = t.s.split(/\s+/).filter((w) => w && !STOPWORDS.has(w) && !/^[-'"$%.&/]+$/.test(w));
  if (leftover.length) notUnderstood.push(`the words: ${leftover.join(", ")}`);
  if (!measures.length) notUnderstood.push("which measure to report (e.g. spend, clicks, ROAS, CPA)");
  if (notUnderstood.length) return { query: null, understood, notUnderstood };

  if (!dateRange) {
    const n = opts.defaultDays ?? 30;
    dateRange = { from: addDays(opts.today, -n), to: addDays(opts.today, -1) };
    understood.push(`period: ${dateRange.from} to ${dateRange.to} (none given: the last ${n} days)`);
  }
  if (compareBefore) compareTo = periodBefore(dateRange);
  if (compareTo?.type === "custom" && mainPhrase && otherPhrase) compareTo = toDateShift(mainPhrase, otherPhrase) ?? compareTo;
  if (mom) { const x = monthOverMonth(dateRange); compareTo ??= x.compareTo; grain ??= x.grain; }
  if (wow) compareTo ??= { type: "previousPeriod" };
  if (change && !compareTo && !grain) { if (since) grain = "month"; else compareTo = { type: "previousPeriod" }; }
  if (compareTo) understood.push(`compare with: ${compareTo.type === "custom" ? `${compareTo.range.from} to ${compareTo.range.to}` : compareTo.type}`);
  measures.sort((a, b) => pos.get(a)! - pos.get(b)!);
  const query: MetricsQuery = { measures, dateRange };
  if (dimensions.length) query.dimensions = dimensions;
  if (grain) query.grain = grain;
  if (filters.length) query.filters = filters;
  if (having.length) query.having = having;
  if (compareTo) query.compareTo = compareTo;
  if (wasted) query.orderBy = [{ field: "spend", direction: "desc" }];
  else if (rank) {
    // Rank by the first measure named after the superlative ("best CPA"), else the first measure.
    const after = measures.filter((m) => (pos.get(m) ?? 0) > rank!.at);
    const field = after[0] ?? measures[0]!;
    const lowerBetter = LOWER_IS_BETTER.includes(field);
    const asc = rank.dir === "asc" || (rank.dir === "best" && lowerBetter) || (rank.dir === "worst" && !lowerBetter);
    const orderBy: OrderBy[] = [{ field, direction: asc ? "asc" : "desc" }];
    query.orderBy = orderBy;
    if (limit === undefined && dimensions.length && singular && rank.at >= 0) limit = 1;
  }
  if (limit !== undefined) query.limit = limit;
  return { query, understood, notUnderstood };
}
