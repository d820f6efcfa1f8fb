import type { Response } from "express";
import { stringify } from "csv-stringify/sync";
import { csvText } from "../csv-cell.js";

/**
 * A number as the decimal it stands for: sums of money in doubles carry binary noise
 * (1234.56 + 789.12 + 0.7 = 2024.3799999999999); 15 significant digits is the most a double holds
 * exactly (DBL_DIG), so rounding there gives back the decimal every addend was written with.
 */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(15)));
}

/** Writes CSV batches to an HTTP response, waiting for the client when its buffer is full (constant memory). */
export function csvWriter(res: Response, filename: string) {
  let started = false;
  return {
    async write(columns: string[], rows: Record<string, unknown>[]): Promise<void> {
      if (!started) {
        res.status(200).type("text/csv; charset=utf-8").setHeader("content-disposition", `attachment; filename="${filename}"`);
        started = true;
      }
      const text = stringify(rows, { header: false, columns, cast: { boolean: (v) => String(v), number: csvNumber, string: csvText } });
      if (!res.write(text)) await new Promise<void>((resolve) => res.once("drain", resolve));
    },
    get started() { return started; },
  };
}
