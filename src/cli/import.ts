import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import { io, userPath } from "./io.js";
import { Command, InvalidArgumentError } from "commander";
import { importCsv, type CsvImportOptions } from "../imports/csv-import.service.js";
import { print, scopeFor, withApp } from "./shared.js";

interface ImportOptions {
  platform: string;
  org?: string;
  column: Record<string, string>;
  dateFormat?: string;
  decimal?: string;
  thousands?: string;
  currency?: string;
  delimiter?: string;
  resultsAsConversions: boolean;
  force: boolean;
  json: boolean;
}

/** Collects repeated `--column field=Header` options. */
function column(value: string, previous: Record<string, string>): Record<string, string> {
  const i = value.indexOf("=");
  if (i < 1) throw new InvalidArgumentError(`expected field=Header (e.g. spend="Amount spent (USD)"), got "${value}"`);
  return { ...previous, [value.slice(0, i).trim()]: value.slice(i + 1).trim() };
}

/** `liftgate import <file> --platform <name>`: stream a spend CSV into the org's facts and print the validation report. */
export function importCommand() {
  return new Command("import")
    .description("import a spend CSV exported from any ad platform (streamed: any file size)")
    .argument("<file>", "path to the CSV file")
    .requiredOption("--platform <name>", "platform the rows belong to, e.g. meta, google_ads, linkedin")
    .option("--org <org>", "organization id or slug")
    .option("--column <field=header>", "map a field to a header (repeatable); fields: date, dateEnd, account, campaign, campaignId, adGroup, ad, spend, impressions, clicks, conversions, revenue, currency", column, {})
    .option("--date-format <format>", "auto (ISO) | YYYY-MM-DD | YYYY/MM/DD | MM/DD/YYYY | DD/MM/YYYY | DD.MM.YYYY | DD-MM-YYYY | MM-DD-YYYY")
    .option("--decimal <sep>", "decimal separator: . or ,")
    .option("--thousands <sep>", "thousands separator: , . ' space or none")
    .option("--currency <code>", "currency for rows without a currency column, e.g. USD")
    .option("--delimiter <char>", "field separator (default: sniffed from the header)")
    .option("--results-as-conversions", "count Meta's Results column as conversions when the export has no Purchases column", false)
    .option("--force", "load the file again although the same file was loaded before", false)
    .option("--json", "print the result as JSON", false)
    .action((file: string, o: ImportOptions) =>
      withApp(async (app) => {
        const path = userPath(file);
        if (!existsSync(path)) throw new Error(`No such file: ${path}`);
        const scope = await scopeFor(app, o.org);
        const options: CsvImportOptions = {
          platform: o.platform, columns: Object.keys(o.column).length ? o.column : undefined,
          dateFormat: o.dateFormat as never, decimalSeparator: o.decimal as never, defaultCurrency: o.currency,
          thousandsSeparator: (o.thousands === "none" ? "" : o.thousands === "space" ? " " : o.thousands) as never,
          delimiter: (o.delimiter === "\\t" || o.delimiter === "tab" ? "\t" : o.delimiter) as never,
          resultsAsConversions: o.resultsAsConversions, force: o.force,
        };
        const r = await importCsv(scope, { open: () => createReadStream(path), fileName: basename(path) }, options, "cli");
        const b = r.batch;
        // A fresh import that loaded no row failed, whatever the reason (all rejected, only totals).
        if (!r.duplicate && b.rowsLoaded === 0) io().exitCode = 1;
        if (o.json) return print(JSON.stringify({ batch: r.batch, duplicate: r.duplicate, rejectsPreview: r.rejectsPreview, skipped: r.skipped }, null, 2));
        if (r.duplicate) {
          print(`This file was already imported (batch ${b.id}, ${b.createdAt.toISOString()}, ${b.rowsLoaded} rows loaded); nothing changed. Use --force to load it again.`);
          return;
        }
        const skipped = r.skipped.rows ? `, ${r.skipped.rows} summary/totals skipped` : "";
        print(`Imported ${b.fileName}: ${b.rowsRead} rows read, ${b.rowsLoaded} loaded, ${b.rowsRejected} rejected${skipped} (batch ${b.id}).`);
        for (const x of r.rejectsPreview) print(`  line ${x.line}: ${x.reason}`);
        if (b.rowsRejected > r.rejectsPreview.length) print(`  … and ${b.rowsRejected - r.rejectsPreview.length} more; download them from GET /imports/${b.id}/rejects.csv`);
        if (b.rowsLoaded === 0) io().stderr("liftgate: nothing was loaded; fix the options (e.g. --date-format, --column) and import the file again.\n");
      }),
    );
}
