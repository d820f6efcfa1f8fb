import { describe, expect, it } from "vitest";
import { validateFact } from "../../../src/analytics/facts/validate-fact.js";
import type { FactRow } from "../../../src/db/facts.js";

const ok: FactRow = { platform: "meta", stream: "ingest", date: "2025-06-01", currency: "USD", spend: "10.00" };

describe("validateFact (ingestFacts rows)", () => {
  it("rejects the row, naming the field, for future dates, unknown currencies, kinds and time zones, huge or NUL text, and year 0000", () => {
    const cases: [Partial<FactRow> & { source?: string }, { field: string; reason: string } | null][] = [
      [{}, null],
      [{ date: "2025-06-30" }, null], // tomorrow: a timezone ahead of UTC
      [{ date: "2025-07-01" }, { field: "date", reason: "date 2025-07-01 is in the future" }],
      [{ date: "0000-01-01" }, { field: "date", reason: 'date "0000-01-01" is not a calendar day in YYYY-MM-DD form' }],
      [{ currency: "ZZZ" }, { field: "currency", reason: 'currency "ZZZ" is not an ISO 4217 code such as USD' }],
      [{ kind: "banner" as never }, { field: "kind", reason: "kind must be media or outcome" }],
      [{ accountTimezone: "Mars/Olympus" }, { field: "accountTimezone", reason: 'accountTimezone "Mars/Olympus" is not an IANA time zone such as America/New_York' }],
      [{ platform: "x".repeat(10_000) }, { field: "platform", reason: "platform is longer than 500 characters" }],
      [{ adId: "ad\u00001" }, { field: "adId", reason: "adId contains a NUL character" }],
      [{ breakdowns: { age: "25\u0000" } }, { field: "breakdowns", reason: "breakdowns contains a NUL character" }],
      [{ extras: { deep: [{ note: "a\u0000" }] } }, { field: "extras", reason: "extras contains a NUL character" }],
    ];
    expect(cases.map(([over]) => validateFact({ ...ok, ...over } as FactRow, "2025-06-29"))).toEqual(cases.map(([, want]) => want));
  });
});
