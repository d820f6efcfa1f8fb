/** Exact decimal arithmetic on the strings platforms send, so money never passes through a float. */

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Whether a string is a plain decimal number ("12", "-0.5", "14.35"). */
export const isDecimal = (s: unknown): s is string => typeof s === "string" && DECIMAL.test(s);

/** Sum decimal strings exactly; "0" for none. Throws on a value that is not a plain decimal. */
export function sumDecimals(values: readonly string[]): string {
  if (values.length === 0) return "0";
  for (const v of values) if (!isDecimal(v)) throw new Error(`not a decimal number: ${JSON.stringify(v)}`);
  const scale = Math.max(...values.map((v) => (v.split(".")[1] ?? "").length));
  let total = 0n;
  for (const v of values) {
    const negative = v.startsWith("-");
    const [int, frac = ""] = (negative ? v.slice(1) : v).split(".");
    const scaled = BigInt(int! + frac.padEnd(scale, "0"));
    total += negative ? -scaled : scaled;
  }
  return formatScaled(total, scale);
}

/** Render an integer scaled by 10^scale as a decimal string without trailing zeros ("1061083620", 6 → "1061.08362"). */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}
