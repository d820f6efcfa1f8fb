/**
 * Typo tolerance: words of a question that are not in the vocabulary are replaced by the closest word that
 * is, when it is close enough (optimal string alignment distance: insertions, deletions, substitutions and
 * swaps of two neighbouring letters each cost 1).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** How far a word of this length may be from a vocabulary word: 1 edit from 4 letters, 2 from 8. */
const allowed = (w: string) => (w.length >= 8 ? 2 : w.length >= 4 ? 1 : /^[^aeiouy]{3}$/.test(w) ? 1 : 0);

/** The vocabulary word closest to `word` within the allowed distance (first of equals), or undefined. */
export function closestWord(word: string, known: readonly string[]): string | undefined {
  const max = allowed(word);
  if (!max) return undefined;
  let best: string | undefined;
  let bestD = max + 1;
  for (const k of known) {
    if (k.length < 3 || Math.abs(k.length - word.length) > max) continue;
    const dist = editDistance(word, k, max);
    if (dist < bestD) { best = k; bestD = dist; }
  }
  return best;
}

/** Replace unknown words of a lower-cased text by their closest known word; returns the text and what was changed. */
export function correctTypos(text: string, known: ReadonlySet<string>): { text: string; corrections: [string, string][] } {
  const corrections: [string, string][] = [];
  const list = [...known];
  const out = text.replace(/[a-z]+/g, (w) => {
    if (known.has(w)) return w;
    const c = closestWord(w, list);
    if (!c) return w;
    corrections.push([w, c]);
    return c;
  });
  return { text: out, corrections };
}
