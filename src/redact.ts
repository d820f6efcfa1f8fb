/**
 * Known secret values (connection tokens and keys, the encryption key, the database password, API keys of
 * external services), scrubbed from every log line, error message and stored upstream text. Pino's
 * `redact` paths cover secrets by field name; this covers a secret that an upstream echoes inside a message.
 */
const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Shorter values are not scrubbed: they would match ordinary words (real tokens are far longer). */
const MIN_LENGTH = 8;
export const REDACTED = "[redacted]";

/** Remember secret values; their plain, URL-encoded and JSON-escaped forms are scrubbed from now on. */
export function registerSecrets(values: Iterable<unknown>): void {
  let added = false;
  for (const v of values) {
    if (typeof v !== "string" || v.length < MIN_LENGTH) continue;
    for (const form of new Set([v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)])) {
      if (!secrets.has(form)) { secrets.add(form); added = true; }
    }
  }
  if (added) {
    const sorted = [...secrets].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    pattern = new RegExp(sorted.join("|"), "g");
  }
}

/** `text` with every known secret value replaced by "[redacted]". */
export function redact(text: string): string;
export function redact(text: string | null | undefined): string | null | undefined;
export function redact(text: string | null | undefined): string | null | undefined {
  if (!text || !pattern) return text;
  pattern.lastIndex = 0;
  return text.replace(pattern, REDACTED);
}

/** The password of a connection URL such as DATABASE_URL, if it has one. */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try { return decodeURIComponent(new URL(url).password) || undefined; } catch { return undefined; }
}
