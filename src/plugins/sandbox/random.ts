/**
 * Counter-based deterministic randomness: every draw is a pure hash of (seed, keys), so any ad-day
 * can be generated alone, in any order, without replaying a sequence (lazy and O(1) per value).
 */

/** 32-bit integer mix (the finaliser of MurmurHash3, https://github.com/aappleby/smhasher). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit hash of a string (FNV-1a), for turning ids and names into keys. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A uniform number in [0, 1) determined by the seed and the integer keys. */
export function uniform(seed: number, ...keys: number[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const k of keys) h = mix32((h + Math.imul(k | 0, 0x27d4eb2d) + 0x165667b1) >>> 0);
  return h / 4294967296;
}

/** A standard normal draw (Box–Muller on two keyed uniforms). */
export function normal(seed: number, ...keys: number[]): number {
  const u1 = uniform(seed, ...keys, 1) || 1e-12;
  const u2 = uniform(seed, ...keys, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Round x to an integer with E[result] = x, using the given uniform draw (so results are monotone in x). */
export function stochasticRound(x: number, u: number): number {
  if (!(x > 0)) return 0;
  const f = Math.floor(x);
  return f + (u < x - f ? 1 : 0);
}

/** Pick one element with a keyed uniform draw. */
export function pick<T>(items: readonly T[], u: number): T {
  return items[Math.min(items.length - 1, Math.floor(u * items.length))]!;
}

/** A string of `length` decimal digits, the first one non-zero (platform-style numeric ids). */
export function digits(seed: number, length: number, ...keys: number[]): string {
  let out = String(1 + Math.floor(uniform(seed, ...keys, 0) * 9));
  for (let i = 1; i < length; i++) out += String(Math.floor(uniform(seed, ...keys, i) * 10));
  return out;
}

const ALNUM = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
/** A string of `length` uppercase letters and digits (ULID-like ids). */
export function alnum(seed: number, length: number, ...keys: number[]): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(uniform(seed, ...keys, i) * ALNUM.length)];
  return out;
}
