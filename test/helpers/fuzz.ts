import fc from "fast-check";
import WebSocket from "ws";

// Fixed, so CI runs the same inputs every time (FUZZ_SEED=<n> hunts with another); a failure prints the counterexample and its path to replay.
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
/** Every response (or close frame) must arrive within this long. */
export const RESPONSE_BOUND_MS = 5_000;

/** Text no client may ever see: stack frames, source paths, SQL, Node's own error names and codes. */
const INTERNAL_TEXT: RegExp[] = [
  / {4}at /, /\/src\//, /node_modules/, /\.ts:\d/, /\b(select|insert|update)\b.*\b(from|into|set)\b/i, /relation "/,
  /syntax error at or near/i, /TypeError/, /ReferenceError/, /RangeError/, /Maximum call stack/i, /EISDIR/, /ECONNREFUSED/,
  /INTERNAL_SERVER_ERROR/, /internal server error/i, /invalid input syntax/i, /unsupported Unicode escape/i,
];

/**
 * The internal text in `received`, if any. A match that is part of what was sent (an error quoting the caller's own
 * input back) is not a leak.
 */
export function internalTextIn(received: string, sent: string): string | undefined {
  for (const pattern of INTERNAL_TEXT) {
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    for (const m of received.matchAll(global)) if (!sent.includes(m[0]) && !jsonQuoted(sent).includes(m[0])) return m[0];
  }
  return undefined;
}
const jsonQuoted = (s: string) => JSON.stringify(s);

/** A failure message when a response shows a server fault: a 5xx status, or internal text in its body. */
export function faultOf(status: number, body: string, sent: string): string | undefined {
  if (status >= 500) return `status ${status}: ${body.slice(0, 500)}`;
  const leak = internalTextIn(body, sent);
  return leak === undefined ? undefined : `internal text ${JSON.stringify(leak)} in: ${body.slice(0, 500)}`;
}

/** fetch with the response bound: a request that hangs fails instead of waiting for the test timeout. */
export async function boundedFetch(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(RESPONSE_BOUND_MS) });
  return { status: res.status, body: await res.text() };
}

/** A string safe to put in a URL: lone surrogates (which encodeURIComponent refuses) become U+FFFD, as any client would send them. */
export const urlSafe = (s: string) => encodeURIComponent(Buffer.from(s).toString());

/** What a raw WebSocket received: its text messages and, once closed, the close code and reason. */
export interface WsTranscript { messages: string[]; close?: { code: number; reason: string } }

/** A raw `graphql-transport-ws` socket that records everything the server sends. */
export async function rawSocket(wsUrl: string): Promise<{ ws: WebSocket; transcript: WsTranscript; closed: Promise<void> }> {
  const ws = new WebSocket(wsUrl, "graphql-transport-ws");
  const transcript: WsTranscript = { messages: [] };
  ws.on("message", (data) => transcript.messages.push(String(data)));
  ws.on("error", () => {});
  const closed = new Promise<void>((resolve) => ws.on("close", (code, reason) => { transcript.close = { code, reason: String(reason) }; resolve(); }));
  await new Promise<void>((resolve, reject) => { ws.once("open", () => resolve()); ws.once("close", () => reject(new Error("socket closed before it opened"))); });
  return { ws, transcript, closed };
}

/** Resolves true when `cond` holds within the bound, false when it never did. */
export async function within(cond: () => boolean, ms = RESPONSE_BOUND_MS): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

// ── Arbitraries ──────────────────────────────────────────────────────────────────────────────────────────────────

const HEX = "0123456789abcdef";
/** 36 characters of hex digits and dashes that are not a UUID (what a loose /^[0-9a-f-]{36}$/ check lets through). */
export const fakeUuid = fc.string({ unit: fc.constantFrom(...`${HEX}-`), minLength: 36, maxLength: 36 }).filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s));

/** Strings a gateway meets in the wild: any code point (lone surrogates too), NUL, huge, id-like, SQL- and path-like. */
export const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\ufeff", "'; drop table x; --", "../../etc/passwd", "%00", "\\", "null", "NaN", "1e309", "2024-02-30", "0000-00-00", "-1"),
  fakeUuid,
  fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8, 15] }),
  fc.nat({ max: 300_000 }).map((n) => "x".repeat(n)),
);

/** Numbers at the edges: beyond 2^53, ±0, huge, tiny, negative, fractional. */
export const nastyNumber = fc.oneof(
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, -0, 0.1, 2 ** 31, -(2 ** 31) - 1),
);

/**
 * A value nested `depth` deep (objects and arrays). It stands in the generated value as a marker string and becomes
 * real JSON text only in `toJson`, so the test's own JSON.stringify (and fast-check's reporting) never recurse into it.
 */
export const deepNest = (depth: number) => `@@deep:${depth}@@`;
const nestedText = (depth: number) => `${"[{\"a\":".repeat(depth)}1${"}]".repeat(depth)}`;

/** JSON text of a generated value, deep-nest markers expanded. */
export const toJson = (value: unknown): string => (JSON.stringify(value) ?? "null").replace(/"@@deep:(\d+)@@"/g, (_, n: string) => nestedText(Number(n)));

/** Any JSON value, with nasty leaves, deep nesting and wrong shapes. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString, nastyNumber, fc.boolean(), fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: "binary", maxLength: 8 }), tie("v"), { maxKeys: 4 }),
    fc.integer({ min: 100, max: 20_000 }).map(deepNest),
  ),
})).v;

/** A valid value most of the time, a nasty one sometimes (so inputs get past the first check and reach deeper code). */
export const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: nastyJson });

/** Mutations of a GraphQL document: truncated, characters inserted or deleted, braces unbalanced. */
export const mutatedDocument = (docs: string[]) =>
  fc.tuple(fc.constantFrom(...docs), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("{", "}", "(", ")", "$", "\"", "\"\"\"", "...", "#", "@", ":", "!", "[", "]"))), { minLength: 1, maxLength: 4 }))
    .map(([doc, edits]) => edits.reduce((d, [at, del, ins]) => { const i = at % (d.length + 1); return d.slice(0, i) + ins + d.slice(i + del); }, doc));

/** Documents that stress the parser and validator: deep nesting, many aliases, many fragments, long names. */
export const hugeDocument = fc.oneof(
  fc.integer({ min: 10, max: 5_000 }).map((n) => `${"{ organization ".repeat(n)}${"}".repeat(n)}`),
  fc.integer({ min: 10, max: 3_000 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: organization { id }`).join(" ")} }`),
  fc.integer({ min: 10, max: 2_000 }).map((n) => `query { organization { ${"...F ".repeat(n)} } } fragment F on Organization { id }`), // graphql-probe: the spreads stand in as one, so the fragment looks unused
  fc.integer({ min: 10, max: 2_000 }).map((n) => `{ organization @include(if: true) ${"@skip(if: false) ".repeat(n)} { id } }`), // graphql-probe: the directives stand in as a name
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `{ ${"x".repeat(n)} }`),
  fc.integer({ min: 10, max: 2_000 }).map((n) => `query(${Array.from({ length: n }, (_, i) => `$v${i}: Int`).join(" ")}) { organization { id } }`),
);
