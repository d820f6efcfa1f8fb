import { createCipheriv, createDecipheriv, hkdfSync } from "node:crypto";
import { loadEncryptionKey } from "../../sync/secret-box.js";

/**
 * Opaque fact ids and keyset cursors. Fact rows are keyed by one bigint sequence shared by every
 * organization, so the plain number would tell a tenant how fast everyone's data grows. Each id (or
 * cursor) is sealed in one AES-256 block, a keyed pseudorandom permutation: deterministic (a fact keeps
 * its id across requests and restarts), reversible without a lookup, and a block this deployment did not
 * make fails the check bytes inside it. The keys are derived (HKDF) from the deployment's encryption key.
 */
export interface FactIds {
  /** The opaque id of a fact row: 22 base64url characters, the same for the same row and key. */
  encode(id: number): string;
  /** The row id an opaque id names; null for anything this deployment did not issue (tampered, foreign, malformed). */
  decode(opaque: string): number | null;
  /** The keyset cursor of the fact at (date, id) in facts order. */
  cursor(date: string, id: number): string;
  /** The (date, id) a cursor names; null for anything this deployment did not issue. */
  parseCursor(cursor: string): { date: string; id: number } | null;
}

const BLOCK = 16;
const OPAQUE = /^[A-Za-z0-9_-]{22}$/;
// Check bytes inside the block: a forged block passes with probability 2^-64 (ids) or 2^-32 (cursors, which only pick a page of the caller's own facts).
const ID_CHECK = Buffer.from("liftgate", "latin1");
const CURSOR_CHECK = Buffer.from("fcv1", "latin1");
const DAY_MS = 86_400_000;

/** One AES-256 block permutation each way. ECB without padding turns each 16-byte update into its 16-byte image at once, so one cipher serves every call. */
function blockCipher(key: Buffer) {
  const enc = createCipheriv("aes-256-ecb", key, null).setAutoPadding(false);
  const dec = createDecipheriv("aes-256-ecb", key, null).setAutoPadding(false);
  return {
    seal: (block: Buffer) => enc.update(block).toString("base64url"),
    open: (text: string): Buffer | null => {
      if (!OPAQUE.test(text)) return null;
      const raw = Buffer.from(text, "base64url");
      // The 22nd character carries 2 spare bits: only the canonical spelling of a block is accepted.
      return raw.length === BLOCK && raw.toString("base64url") === text ? dec.update(raw) : null;
    },
  };
}

const derive = (master: Buffer, purpose: string) => Buffer.from(hkdfSync("sha256", master, "liftgate", purpose, 32));

function daysOf(date: string): number {
  const m = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`A fact's date "${date}" is not YYYY-MM-DD.`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round(d.getTime() / DAY_MS);
}

function dateOf(days: number): string {
  const d = new Date(days * DAY_MS);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

const validId = (n: bigint) => n >= 1n && n <= BigInt(Number.MAX_SAFE_INTEGER);

/** FactIds under a 32-byte master key (the deployment's encryption key). */
export function createFactIds(master: Buffer): FactIds {
  const ids = blockCipher(derive(master, "fact ids v1"));
  const cursors = blockCipher(derive(master, "fact cursors v1"));
  return {
    encode(id) {
      const block = Buffer.alloc(BLOCK);
      block.writeBigUInt64BE(BigInt(id), 0);
      ID_CHECK.copy(block, 8);
      return ids.seal(block);
    },
    decode(opaque) {
      const block = ids.open(opaque);
      if (!block || !block.subarray(8).equals(ID_CHECK)) return null;
      const id = block.readBigUInt64BE(0);
      return validId(id) ? Number(id) : null;
    },
    cursor(date, id) {
      const block = Buffer.alloc(BLOCK);
      block.writeBigUInt64BE(BigInt(id), 0);
      block.writeInt32BE(daysOf(date), 8);
      CURSOR_CHECK.copy(block, 12);
      return cursors.seal(block);
    },
    parseCursor(cursor) {
      const block = cursors.open(cursor);
      if (!block || !block.subarray(12).equals(CURSOR_CHECK)) return null;
      const id = block.readBigUInt64BE(0);
      return validId(id) ? { date: dateOf(block.readInt32BE(8)), id: Number(id) } : null;
    },
  };
}

const perApp = new WeakMap<object, FactIds>();
/** The FactIds of an App, from LIFTGATE_ENCRYPTION_KEY or the data directory's key file (created once). */
export function factIdsOf(app: { config: { encryptionKey?: string; dataDir: string } }): FactIds {
  let ids = perApp.get(app);
  if (!ids) perApp.set(app, (ids = createFactIds(loadEncryptionKey(app.config))));
  return ids;
}
