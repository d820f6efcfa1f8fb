import type { Dimension } from "../metrics/query.js";

/** The org's own names a question may mention without quotes (campaigns, ad sets, ads, accounts, events). */
export interface OrgVocabulary {
  campaigns?: { name: string; platform?: string }[];
  adGroups?: { name: string }[];
  ads?: { name: string }[];
  accounts?: { name: string }[];
  /** Marketing events: a name stands for its dates ("during the Spring Launch"). */
  events?: { name: string; from: string; to: string }[];
}

export type EntityLevel = "campaign" | "adGroup" | "ad" | "account";
export const LEVEL_DIMENSION: Record<EntityLevel, Dimension> = { campaign: "campaignName", adGroup: "adGroupName", ad: "adName", account: "accountName" };
const LEVEL_ORDER: EntityLevel[] = ["campaign", "adGroup", "ad", "account"];

/** A linkable phrase: its words, and per level the text to filter on (as the names spell it) and the full names holding it. */
export interface EntityPhrase {
  words: string;
  levels: Map<EntityLevel, { value: string; names: Set<string> }>;
}

/** Lower-cased words of a name, separators and punctuation dropped ("Lookalike 1% | 01" → "lookalike 1% 01"). */
export const nameWords = (s: string) => s.toLowerCase().replace(/[|—–:,/"()]|\s-\s/g, " ").replace(/\s+/g, " ").trim();

// Segments that name a platform, an objective code, a number or a date say nothing about which entity is meant.
const GENERIC = new Set(["meta", "google", "google ads", "tiktok", "klaviyo", "facebook", "newsletter", "email", "image", "video", "text", "product", "broad audience"]);
const isGeneric = (seg: string) => {
  const w = nameWords(seg);
  return !w || GENERIC.has(w) || /^[A-Z0-9_]+$/.test(seg.trim()) || /^[\d\s%-]+$/.test(w) || /^\d{4}-\d{2}-\d{2}$/.test(seg.trim());
};

/** Phrases a name can be called by: the name, the name without a trailing number or date, and its meaningful segments. */
export function phrasesOf(name: string): string[] {
  const out = new Set<string>([name.trim()]);
  const trimmed = name.replace(/(?:\s*[|—–-]\s*|\s+)(?:\d{1,3}|\d{4}-\d{2}-\d{2})\s*$/, "").trim();
  if (trimmed && trimmed !== name.trim()) out.add(trimmed);
  for (const seg of name.split(/\s+[|—–-]\s+|\s*\|\s*/)) if (!isGeneric(seg)) out.add(seg.trim().replace(/\s+\d{1,3}$/, ""));
  return [...out].filter((p) => !isGeneric(p));
}

/** Index every phrase of the org's names by its words. */
export function buildEntityIndex(v: OrgVocabulary): Map<string, EntityPhrase> {
  const index = new Map<string, EntityPhrase>();
  const add = (level: EntityLevel, name: string) => {
    for (const p of phrasesOf(name)) {
      const words = nameWords(p);
      if (!words || (words.length < 4 && !words.includes(" "))) continue;
      const e = index.get(words) ?? { words, levels: new Map() };
      const l = e.levels.get(level) ?? { value: p, names: new Set<string>() };
      l.names.add(name);
      e.levels.set(level, l);
      index.set(words, e);
    }
  };
  for (const c of v.campaigns ?? []) add("campaign", c.name);
  for (const g of v.adGroups ?? []) add("adGroup", g.name);
  for (const a of v.ads ?? []) add("ad", a.name);
  for (const a of v.accounts ?? []) add("account", a.name);
  return index;
}

/** Every word of the org's names (for typo correction). */
export const vocabularyWords = (index: Map<string, EntityPhrase>, v: OrgVocabulary) =>
  [...index.keys(), ...(v.events ?? []).map((e) => nameWords(e.name))].flatMap((w) => w.split(" ")).filter((w) => /^[a-z]+$/.test(w));

const LEVEL_WORDS: [RegExp, EntityLevel][] = [
  [/^(?:campaigns?|newsletters?|flows?)$/, "campaign"], [/^(?:ad ?sets?|ad groups?|audiences?)$/, "adGroup"],
  [/^(?:ads?|creatives?)$/, "ad"], [/^accounts?$/, "account"],
];
const LEVEL_AFTER = /^ (campaigns?|newsletters?|flows?|ad ?sets?|ad groups?|audiences?|ads?|creatives?|accounts?)\b/;
const LEVEL_BEFORE = /\b(campaigns?|ad ?sets?|ad groups?|ads?|accounts?) (?:named |called )?$/;

/** An entity named in the question. */
export interface EntityMention {
  level: EntityLevel;
  /** Text to filter on (as the names spell it). */
  value: string;
  /** Full names at that level that hold it. */
  names: string[];
  /** Offset and length in the text, including a level word that came with it ("the Lookalike campaign"). */
  index: number;
  length: number;
}

/**
 * Find the org's names in a lower-cased text, longest phrase first, each at word boundaries. A level word
 * next to it ("campaign", "ad set", "ads") picks the level; otherwise the highest level that has the phrase.
 */
export function findEntities(text: string, index: Map<string, EntityPhrase>): EntityMention[] {
  const phrases = [...index.values()].sort((a, b) => b.words.length - a.words.length);
  const found: EntityMention[] = [];
  let s = text;
  for (const p of phrases) {
    const re = new RegExp(`(?<![a-z0-9])${p.words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+")}(?![a-z0-9%])`, "g");
    for (let m = re.exec(s); m; m = re.exec(s)) {
      let start = m.index, end = m.index + m[0].length;
      const after = LEVEL_AFTER.exec(s.slice(end));
      const before = LEVEL_BEFORE.exec(s.slice(0, start));
      const word = after?.[1] ?? before?.[1];
      const wanted = word ? LEVEL_WORDS.find(([r]) => r.test(word))?.[1] : undefined;
      const level = wanted && p.levels.has(wanted) ? wanted : LEVEL_ORDER.find((l) => p.levels.has(l))!;
      if (after && wanted === level) end += after[0].length;
      else if (before && wanted === level) start -= before[0].length;
      const l = p.levels.get(level)!;
      found.push({ level, value: l.value, names: [...l.names], index: start, length: end - start });
      s = s.slice(0, start) + " ".repeat(end - start) + s.slice(end);
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
