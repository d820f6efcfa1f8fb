import { readFileSync } from "node:fs";
import { Command } from "commander";
import { parseFxCsv } from "../analytics/fx/fx-csv.js";
import { upsertFxRates } from "../analytics/fx/fx-rates.service.js";
import { print, withApp } from "./shared.js";
import { userPath } from "./io.js";

export function fxCommand() {
  const fx = new Command("fx").description("exchange rates used to convert money to each org's reporting currency");
  fx
    .command("import <csv>")
    .description("load rates from a CSV: `date,base,quote,rate` rows, or the ECB's eurofxref-hist.csv as downloaded")
    .option("--source <label>", "where the rates come from", "csv")
    .action((file: string, o: { source: string }) =>
      withApp(async (app) => {
        const rates = parseFxCsv(readFileSync(userPath(file), "utf8"));
        const n = await upsertFxRates(app.database.db, rates, o.source);
        print(`imported ${n} rates from ${file}`);
      }),
    );
  return fx;
}
