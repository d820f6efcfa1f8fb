import { Readable } from "node:stream";
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { badInput } from "../errors.js";
import { PageArgs } from "../schema/page.args.js";
import { toConnection } from "../schema/connection-of.js";
import { getImportBatch, importCsv, pageImportBatches, type CsvImportOptions } from "../imports/csv-import.service.js";
import { CsvImportInput } from "../schema/csv-import.input.js";
import { CsvImportResult, ImportBatch, ImportBatchConnection } from "../schema/csv-import.type.js";
import type { Context } from "../server/context.js";

// Text imports ride in the GraphQL body; bigger files belong on the streamed upload route.
const MAX_TEXT_BYTES = 5 * 1024 * 1024;

@Resolver(() => ImportBatch)
export class CsvImportResolver {
  @Authorized("editor")
  @Mutation(() => CsvImportResult, { description: "Import a small spend CSV given as text. Good rows load; bad rows come back with line and reason." })
  async importCsv(@Arg("input", () => CsvImportInput) input: CsvImportInput, @Ctx() ctx: Context): Promise<CsvImportResult> {
    if (Buffer.byteLength(input.csv) > MAX_TEXT_BYTES) {
      throw badInput(`The CSV text is over ${MAX_TEXT_BYTES / 1024 / 1024} MB; upload it to POST /imports/csv (streamed) or use \`liftgate import\`.`, { field: "csv" });
    }
    const { csv, fileName, columns, ...options } = input;
    const given = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
    const opts = { ...given(options), columns: columns ? given(columns) : undefined } as CsvImportOptions;
    const r = await importCsv(ctx.scope, { open: () => Readable.from([csv]), fileName: fileName ?? undefined }, opts, `key:${ctx.auth.keyId}`);
    return { ...r, rejectsUrl: `/imports/${r.batch.id}/rejects.csv`, skippedRows: r.skipped.rows };
  }

  @Query(() => ImportBatchConnection, { description: "CSV imports of this organization, newest first." })
  async importBatches(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    return toConnection(await pageImportBatches(ctx.scope, page));
  }

  @Query(() => ImportBatch, { description: "One CSV import of this organization." })
  importBatch(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ImportBatch> {
    return getImportBatch(ctx.scope, id);
  }
}
