import { describe, expect, it } from "vitest";
import { parseFxCsv } from "../../../src/analytics/fx/fx-csv.js";
import { validateFxRates } from "../../../src/analytics/fx/fx-rates.service.js";

describe("fx CSV", () => {
  it("reads the ECB layout as EUR → currency rates, skipping N/A", () => {
    const csv = "Date,USD,JPY,CYP,\n2024-03-01,1.0842,162.55,N/A,\n2024-02-29,1.0813,162.44,N/A,\n";
    expect(parseFxCsv(csv)).toEqual([
      { date: "2024-03-01", base: "EUR", quote: "USD", rate: "1.0842" }, { date: "2024-03-01", base: "EUR", quote: "JPY", rate: "162.55" },
      { date: "2024-02-29", base: "EUR", quote: "USD", rate: "1.0813" }, { date: "2024-02-29", base: "EUR", quote: "JPY", rate: "162.44" },
    ]);
  });
  it("reads the long layout in any column order", () => {
    expect(parseFxCsv("rate,quote,base,date\n0.79,gbp,usd,2024-01-02\n")).toEqual([{ date: "2024-01-02", base: "USD", quote: "GBP", rate: "0.79" }]);
  });
  it("rejects an unknown header", () => {
    expect(() => parseFxCsv("day,value\n2024-01-01,1\n")).toThrow(/expected a header/);
  });
  it("names the bad rate and the reason", () => {
    expect(() => validateFxRates([{ date: "2024-01-01", base: "EUR", quote: "USD", rate: "1.1" }, { date: "2024-01-01", base: "EUR", quote: "USD", rate: "-1" }]))
      .toThrow("fx rate #2 (2024-01-01 EUR/USD): rate must be a positive number.");
    expect(() => validateFxRates([{ date: "2024-13-01", base: "EUR", quote: "USD", rate: 1 }])).toThrow(/real date/);
    expect(() => validateFxRates([{ date: "2024-01-01", base: "eur", quote: "USD", rate: 1 }])).toThrow(/ISO 4217/);
  });
});
