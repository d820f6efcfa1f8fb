import type { MemoryKind, MemoryLink } from "../../db/tables/memory-items.js";
import { editDistance } from "../nlq/typos.js";
import type { SearchIntent } from "./search-intent.js";

/** A candidate item with what ranking needs. */
export interface Candidate {
  id: string; kind: MemoryKind; title: string; body: string; platform: string | null; link: MemoryLink;
  /** Reciprocal-rank-fusion score from the vector and full-text lists (0 when found otherwise). */
  fused: number;
}

const LABELS: Record<string, string[]> = { meta: ["meta", "facebook"], google_ads: ["google"], tiktok: ["tiktok"], klaviyo: ["klaviyo", "newsletter", "email"] };
const words = (s: string) => s.toLowerCase().split(/[^a-z0-9%/]+/).filter(Boolean);
// A small prior for the level analysts look for most when the query does not say.
const KIND_PRIOR: Partial<Record<MemoryKind, number>> = { campaign: 0.6, experiment: 0.25, model: 0.25, ad_group: 0.1, ad: 0.05, sync_run: 0.05, account: 0.05 };

/** How well a query word matches one word: prefix 0.9, within 1–2 edits 0.8, else 0 (exact matches are found before). */
function pairMatch(w: string, t: string): number {
  let v = w.length >= 3 && t.startsWith(w) ? 0.9 : 0;
  const max = w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0;
  if (max && Math.abs(t.length - w.length) <= max && editDistance(w, t, max) <= max) v = Math.max(v, 0.8);
  return v;
}

// Per query (keyed by its intent): query word → word → pairMatch. Candidates repeat the same names and body words, so each
// pair's edit distance is computed once per search, not once per candidate (it was most of a search's CPU at 100k items).
const pairs = new WeakMap<SearchIntent, Map<string, Map<string, number>>>();

/** How well one query word matches a set of words: exact 1, prefix 0.9, within 1–2 edits 0.8, else 0. */
function wordMatch(w: string, target: string[], memo: Map<string, Map<string, number>>): number {
  let seen = memo.get(w);
  if (!seen) memo.set(w, (seen = new Map()));
  let best = 0;
  for (const t of target) {
    if (t === w) return 1;
    let v = seen.get(t);
    if (v === undefined) seen.set(t, (v = pairMatch(w, t)));
    if (v > best) best = v;
  }
  return best;
}
const coverage = (q: string[], target: string[], memo: Map<string, Map<string, number>>) =>
  (q.length ? q.reduce((s, w) => s + wordMatch(w, target, memo), 0) / q.length : 0);
const nameOf = (title: string) => /"([^"]*)"/.exec(title)?.[1] ?? title;

/** Score a candidate for a query: name match (exact, prefix, typo), kind, status, objective and platform words, and the hybrid score. */
export function scoreCandidate(c: Candidate, intent: SearchIntent, queryWords: string[]): number {
  let memo = pairs.get(intent);
  if (!memo) pairs.set(intent, (memo = new Map()));
  const name = nameOf(c.title).toLowerCase();
  const nameWords = words(name);
  const rest = words(intent.rest);
  let score = c.fused * 20 + (KIND_PRIOR[c.kind] ?? 0);
  if (rest.length) {
    score += 3 * coverage(rest, nameWords, memo);
    // Exact and prefix matches of the whole name or one of its parts ("Lookalike" in "Meta | OUTCOME_SALES | Lookalike | 01").
    const r = rest.join(" ");
    const parts = [nameWords.join(" "), ...name.split(/\s*[|—–]\s*/).map((x) => words(x).join(" "))].filter(Boolean);
    if (parts.some((n) => n === r)) score += 2; else if (parts.some((n) => n.startsWith(r))) score += 1;
  }
  score += 1.5 * coverage(queryWords, words(`${c.title} ${c.body}`), memo);
  if (intent.kinds.length) score += intent.kinds.includes(c.kind) ? 2 : -2;
  if (intent.status) score += new RegExp(`status: ${intent.status === "paused" ? "paused" : "(?:active|enabled)"}\\b`, "i").test(c.body) ? 1.5 : -1.5;
  if (intent.objectives.length) score += intent.objectives.some((o) => c.body.includes(`Objective: ${o}.`)) ? 1.5 : 0;
  if (intent.platforms.length) {
    const t = c.title.toLowerCase();
    const mine = (c.platform && intent.platforms.includes(c.platform)) || intent.platforms.some((p) => LABELS[p]!.some((l) => t.includes(l)));
    score += mine ? 1 : c.platform || c.kind === "experiment" || c.kind === "sync_run" ? -1.5 : 0;
  }
  const q = queryWords.join(" ");
  const text = `${c.title} ${c.body}`.toLowerCase();
  if (c.kind === "experiment" && /\b(?:holdouts?|geo|lift)\b/.test(q)) score += /holdout|geo/.test(text) ? 1 : 0;
  if (c.kind === "experiment" && /\ba\/?b\b/.test(q)) score += /a\/b/.test(text) ? 1 : 0;
  if (c.kind === "model") {
    if (/\b(?:mmm|mix)\b/.test(q)) score += /marketing mix/.test(text) ? 1 : 0;
    if (/\b(?:mta|touch)\b/.test(q)) score += /multi-touch/.test(text) ? 1 : 0;
  }
  return score;
}

/** Greedy re-ordering for variety: each hit of a kind already shown costs 0.4, a title already shown 1. */
export function diversify<T extends { kind: string; title: string; final: number }>(hits: T[], first: number): T[] {
  const left = [...hits];
  const out: T[] = [];
  const kinds = new Map<string, number>();
  const titles = new Set<string>();
  while (out.length < first && left.length) {
    let bi = 0, bv = -Infinity;
    left.forEach((h, i) => {
      const v = h.final - 0.4 * (kinds.get(h.kind) ?? 0) - (titles.has(h.title) ? 1 : 0);
      if (v > bv) { bv = v; bi = i; }
    });
    const [h] = left.splice(bi, 1);
    out.push(h!);
    kinds.set(h!.kind, (kinds.get(h!.kind) ?? 0) + 1);
    titles.add(h!.title);
  }
  return out;
}
