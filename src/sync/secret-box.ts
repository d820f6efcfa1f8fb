import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { registerSecrets } from "../redact.js";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Seals connection secrets with AES-256-GCM; the sealed text is bound to one connection id. */
export interface SecretBox {
  /** Encrypt a secrets object for one connection into "v1.<iv>.<tag>.<ciphertext>" (base64url parts). */
  seal(secrets: Record<string, unknown>, connectionId: string): string;
  /** Decrypt what `seal` produced for the same connection id; throws if it was tampered with or the key changed. */
  open(sealed: string, connectionId: string): Record<string, unknown>;
}

/** Name of the generated key file inside the data directory. */
export const KEY_FILE = "encryption.key";

/** A SecretBox over a 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("The encryption key must be 32 bytes (64 hex characters).");
  registerSecrets([key.toString("hex"), key.toString("hex").toUpperCase()]);
  return {
    seal(secrets, connectionId) {
      const iv = randomBytes(12); // 96-bit nonce, the size GCM is specified for (NIST SP 800-38D)
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(connectionId));
      const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
      return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
    },
    open(sealed, connectionId) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Stored secrets are not in a known format.");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(connectionId));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      try {
        return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8"));
      } catch {
        throw new Error("Cannot decrypt this connection's secrets: the encryption key changed. Restore LIFTGATE_ENCRYPTION_KEY (or the data directory's encryption.key) or re-enter the credentials.");
      }
    },
  };
}

/**
 * Write a new key whole to a temporary file, then link it into place (which fails if the file exists): a process
 * reading the key while another creates it sees no file or the whole key, never an empty one.
 */
function createKeyFile(file: string): void {
  const hex = randomBytes(32).toString("hex") + "\n";
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, hex, { flag: "wx", mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A filesystem without hard links: create in place (the old way; a concurrent reader may see it empty).
    if (code === "EPERM" || code === "ENOTSUP" || code === "ENOSYS") writeKeyInPlace(file, hex);
    else if (code !== "EEXIST") throw e;
  } finally {
    rmSync(draft, { force: true });
  }
}

function writeKeyInPlace(file: string, hex: string): void {
  try {
    writeFileSync(file, hex, { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/** The key from config (64 hex chars), else the one generated once into `<dataDir>/encryption.key` with 0600 permissions. */
export function loadEncryptionKey(config: { encryptionKey?: string; dataDir: string }): Buffer {
  if (config.encryptionKey) return Buffer.from(config.encryptionKey, "hex");
  const file = join(config.dataDir, KEY_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  if (!existsSync(file)) createKeyFile(file);
  chmodSync(file, 0o600);
  const hex = readFileSync(file, "utf8").trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a 64-hex-character key; restore it from backup or remove it to generate a new one (stored credentials would then need re-entering).`);
  return Buffer.from(hex, "hex");
}

const boxes = new WeakMap<object, SecretBox>();
/** The SecretBox of an App, created once. */
export function secretBoxOf(app: { config: { encryptionKey?: string; dataDir: string } }): SecretBox {
  let box = boxes.get(app);
  if (!box) boxes.set(app, (box = createSecretBox(loadEncryptionKey(app.config))));
  return box;
}
