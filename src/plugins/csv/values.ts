import { z } from "zod";

/** Date layouts accepted in the date column; "auto" accepts ISO dates only, since 03/04 is ambiguous. */
export const DATE_FORMATS = ["auto", "YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "DD-MM-YYYY", "MM-DD-YYYY"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How the cells of one file are written. */
export const valueOptions = z.object({
  /** Layout of the date column. */
  dateFormat: z.enum(DATE_FORMATS).default("auto"),
  /** "." (1,234.56) or "," (1.234,56). */
  decimalSeparator: z.enum([".", ","]).default("."),
  /** Grouping character; defaults to "," with a "." decimal and "." with a "," decimal. */
  thousandsSeparator: z.enum([",", ".", " ", "'", ""]).optional(),
  /** ISO currency for rows without a currency column (and no currency in the spend header). */
  defaultCurrency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO code such as USD").transform((s) => s.toUpperCase()).optional(),
});
export type ValueOptions = z.output<typeof valueOptions>;

/** A cell that cannot be read; the message says what is wrong with it. */
export class CellError extends Error {}

const PARTS: Record<Exclude<DateFormat, "auto">, [RegExp, [number, number, number]]> = {
  "YYYY-MM-DD": [/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/, [1, 2, 3]],
  "YYYY/MM/DD": [/^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T].*)?$/, [1, 2, 3]],
  "MM/DD/YYYY": [/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: .*)?$/, [3, 1, 2]],
  "DD/MM/YYYY": [/^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: .*)?$/, [3, 2, 1]],
  "DD.MM.YYYY": [/^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: .*)?$/, [3, 2, 1]],
  "DD-MM-YYYY": [/^(\d{1,2})-(\d{1,2})-(\d{4})(?: .*)?$/, [3, 2, 1]],
  "MM-DD-YYYY": [/^(\d{1,2})-(\d{1,2})-(\d{4})(?: .*)?$/, [3, 1, 2]],
};

/** A cell → "YYYY-MM-DD", checking the day exists. */
export function parseDate(cell: string, format: DateFormat): string {
  const s = cell.trim();
  if (!s) throw new CellError("the date is empty");
  const layouts = format === "auto" ? (["YYYY-MM-DD", "YYYY/MM/DD"] as const) : [format];
  for (const layout of layouts) {
    const [re, [yi, mi, di]] = PARTS[layout];
    const m = s.match(re);
    if (!m) continue;
    const [y, mo, d] = [Number(m[yi]), Number(m[mi]), Number(m[di])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) throw new CellError(`the date "${s}" does not exist`);
    return t.toISOString().slice(0, 10);
  }
  throw new CellError(
    format === "auto"
      ? `the date "${s}" is not YYYY-MM-DD; set the date format (e.g. MM/DD/YYYY or DD/MM/YYYY)`
      : `the date "${s}" does not match the format ${format}`,
  );
}

const SYMBOLS = /[$€£¥₹\u00a0\s]|[A-Z]{3}$|^[A-Z]{3}/g;

/** A money or count cell → a plain decimal string ("1.234,50 €" with "," decimals → "1234.50"); "" → "0". */
export function parseDecimal(cell: string, field: string, opts: Pick<ValueOptions, "decimalSeparator" | "thousandsSeparator">): string {
  const dec = opts.decimalSeparator;
  const thousands = opts.thousandsSeparator ?? (dec === "." ? "," : ".");
  let s = cell.trim();
  if (s === "" || s === "-" || s === "--") return "0";
  if (thousands !== " ") s = s.replace(SYMBOLS, "");
  else s = s.replace(/[$€£¥₹]|[A-Z]{3}$|^[A-Z]{3}/g, "").trim().replace(/[\u00a0 ]/g, "");
  if (thousands && s.includes(thousands)) {
    const t = thousands === "." ? "\\." : thousands;
    const d = dec === "." ? "\\." : dec;
    if (!new RegExp(`^-?\\d{1,3}(${t}\\d{3})+(${d}\\d+)?$`).test(s)) {
      throw new CellError(`${field} "${cell.trim()}" has "${thousands}" in a place a thousands separator cannot be; check the decimal and thousands separators`);
    }
    s = s.split(thousands).join("");
  }
  if (dec === ",") s = s.replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new CellError(`${field} "${cell.trim()}" is not a number (decimal separator "${dec}", thousands separator "${thousands}")`);
  if (s.startsWith("-")) throw new CellError(`${field} "${cell.trim()}" is negative`);
  return s.replace(/^0+(?=\d)/, "");
}

/** A count cell → an integer. */
export function parseCount(cell: string, field: string, opts: Pick<ValueOptions, "decimalSeparator" | "thousandsSeparator">): number {
  const d = parseDecimal(cell, field, opts);
  if (!/^\d+$/.test(d)) throw new CellError(`${field} "${cell.trim()}" is not a whole number`);
  const n = Number(d);
  if (!Number.isSafeInteger(n)) throw new CellError(`${field} "${cell.trim()}" is too large`);
  return n;
}
