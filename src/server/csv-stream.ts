import type { Response } from "express";
import { stringify } from "csv-stringify/sync";

/** Writes CSV batches to an HTTP response, waiting for the client when its buffer is full (constant memory). */
export function csvWriter(res: Response, filename: string) {
  let started = false;
  return {
    async write(columns: string[], rows: Record<string, unknown>[]): Promise<void> {
      if (!started) {
        res.status(200).type("text/csv; charset=utf-8").setHeader("content-disposition", `attachment; filename="${filename}"`);
        started = true;
      }
      const text = stringify(rows, { header: false, columns, cast: { boolean: (v) => String(v) } });
      if (!res.write(text)) await new Promise<void>((resolve) => res.once("drain", resolve));
    },
    get started() { return started; },
  };
}
