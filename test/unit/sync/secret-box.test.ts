import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSecretBox, loadEncryptionKey } from "../../../src/sync/secret-box.js";

describe("secret box", () => {
  const box = createSecretBox(randomBytes(32));
  it("round-trips secrets for the same connection and hides them in the sealed text", () => {
    const sealed = box.seal({ token: "s3cr3t-value" }, "conn-1");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("s3cr3t");
    expect(box.open(sealed, "conn-1")).toEqual({ token: "s3cr3t-value" });
  });
  it("refuses sealed text moved to another connection or opened with another key", () => {
    const sealed = box.seal({ token: "x" }, "conn-1");
    expect(() => box.open(sealed, "conn-2")).toThrow(/encryption key changed/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, "conn-1")).toThrow(/encryption key changed/);
  });
  it("uses a fresh nonce every time", () => {
    expect(box.seal({ a: 1 }, "c")).not.toBe(box.seal({ a: 1 }, "c"));
  });
});

describe("loadEncryptionKey", () => {
  it("uses the configured key", () => {
    const hex = randomBytes(32).toString("hex");
    expect(loadEncryptionKey({ encryptionKey: hex, dataDir: "/nonexistent" }).toString("hex")).toBe(hex);
  });
  it("generates a key once into the data directory with 0600 permissions, then reuses it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "lg-key-")), "data");
    const first = loadEncryptionKey({ dataDir: dir });
    expect(statSync(join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, "encryption.key"), "utf8").trim()).toBe(first.toString("hex"));
    expect(loadEncryptionKey({ dataDir: dir })).toEqual(first);
    // Created through a temporary file linked into place, which is gone afterwards.
    expect(readdirSync(dir)).toEqual(["encryption.key"]);
  });
});
