import { badInput } from "../../errors.js";

/** A table of named columns for an observational analysis. */
export interface CausalTable {
  columns: string[];
  rows: Record<string, string | number | null>[];
  /** Where it came from, for the stored inputs. */
  source: "rows" | "csv" | "dataset" | "touchpoints";
}

/** Numeric columns by name over the rows that have a number in every one of them. */
export function numericColumns(t: CausalTable, names: readonly string[]): { values: number[][]; kept: number[]; dropped: number } {
  for (const n of names) if (!t.columns.includes(n)) throw badInput(`Column "${n}" is not in the data; it has ${t.columns.slice(0, 40).join(", ")}.`);
  const kept: number[] = [];
  const values = names.map(() => [] as number[]);
  t.rows.forEach((r, i) => {
    const nums = names.map((n) => (r[n] === null || r[n] === undefined || r[n] === "" ? NaN : Number(r[n])));
    if (nums.some((v) => !Number.isFinite(v))) return;
    kept.push(i);
    nums.forEach((v, j) => values[j]!.push(v));
  });
  return { values, kept, dropped: t.rows.length - kept.length };
}
