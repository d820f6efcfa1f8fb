import { addMonths, ymd } from "../../dates.js";

export interface FiscalPosition {
  /** Named by the calendar year the fiscal year ends in; equals the calendar year when it starts in January. */
  fiscalYear: number;
  fiscalQuarter: number;
  /** 1 = the first month of the fiscal year. */
  fiscalMonth: number;
  fiscalYearStart: string;
  fiscalQuarterStart: string;
}

/** Where a date falls in a fiscal year starting on the first of `startMonth` (1–12). */
export function fiscalPosition(date: string, startMonth: number): FiscalPosition {
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7));
  const fiscalMonth = ((m - startMonth + 12) % 12) + 1;
  const startYear = m >= startMonth ? y : y - 1;
  const fiscalYear = startMonth === 1 ? startYear : startYear + 1;
  const fiscalQuarter = Math.ceil(fiscalMonth / 3);
  const fiscalYearStart = ymd(startYear, startMonth, 1);
  return { fiscalYear, fiscalQuarter, fiscalMonth, fiscalYearStart, fiscalQuarterStart: addMonths(fiscalYearStart, (fiscalQuarter - 1) * 3) };
}
