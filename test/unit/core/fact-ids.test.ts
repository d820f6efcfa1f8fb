import { describe, expect, it } from "vitest";
import { createFactIds } from "../../../src/analytics/facts/fact-ids.js";

const KEY = Buffer.alloc(32, 7);
const ids = createFactIds(KEY);
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** `s` with the character at `i` replaced by the next one of the base64url alphabet. */
const flip = (s: string, i: number) => s.slice(0, i) + B64[(B64.indexOf(s[i]!) + 1) % 64] + s.slice(i + 1);

describe("opaque fact ids", () => {
  it.each([1, 2, 987_654_321, Number.MAX_SAFE_INTEGER])("round-trips row id %d through 22 base64url characters", (id) => {
    const opaque = ids.encode(id);
    expect(opaque).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids.decode(opaque)).toBe(id);
    expect(createFactIds(Buffer.from(KEY)).encode(id)).toBe(opaque);
  });

  it("refuses every one-character change of an id, including the spare bits of its last character", () => {
    const opaque = ids.encode(42);
    for (let i = 0; i < opaque.length; i++) expect(ids.decode(flip(opaque, i))).toBeNull();
  });

  it("refuses ids made under another key, cursors, and malformed text", () => {
    const other = createFactIds(Buffer.alloc(32, 8));
    expect(ids.decode(other.encode(42))).toBeNull();
    expect(ids.decode(ids.cursor("2024-03-01", 42))).toBeNull();
    for (const bad of ["", "42", "x".repeat(21), "x".repeat(23), "A".repeat(21) + "=", Buffer.from("Fact:42").toString("base64url")]) expect(ids.decode(bad)).toBeNull();
  });
});

describe("opaque fact cursors", () => {
  it.each([["2024-03-01", 1], ["1970-01-01", 2], ["1969-12-31", 3], ["0001-01-01", 4], ["9999-12-31", Number.MAX_SAFE_INTEGER], ["2024-02-29", 987_654_321]] as const)(
    "round-trips (%s, %d)", (date, id) => {
      const c = ids.cursor(date, id);
      expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(ids.parseCursor(c)).toEqual({ date, id });
    });

  it("refuses a changed character, another key's cursor and an id", () => {
    const c = ids.cursor("2024-03-01", 42);
    for (let i = 0; i < c.length; i++) expect(ids.parseCursor(flip(c, i))).toBeNull();
    expect(ids.parseCursor(createFactIds(Buffer.alloc(32, 8)).cursor("2024-03-01", 42))).toBeNull();
    expect(ids.parseCursor(ids.encode(42))).toBeNull();
    expect(ids.parseCursor(Buffer.from(JSON.stringify(["2024-03-01", 42])).toString("base64url"))).toBeNull();
  });
});
