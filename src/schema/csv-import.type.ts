import { Node } from "./node.js";
import { ImportBatchStatus } from "./status-enums.js";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar, SafeIntScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

@ObjectType({ implements: Node, description: "One CSV import: who loaded which file (by SHA-256) when, and what happened to its rows." })
export class ImportBatch {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: "Platform written into the facts." })
  platform!: string;

  @Field(() => String, { nullable: true })
  fileName!: string | null;

  @Field(() => String, { description: "SHA-256 of the file; the same file again is reported as a duplicate." })
  fileHash!: string;

  @Field(() => SafeIntScalar)
  fileBytes!: number;

  @Field(() => String, { description: 'Who imported it: "key:<api key id>" or "cli".' })
  actor!: string;

  @Field(() => ImportBatchStatus)
  status!: string;

  @Field(() => Int)
  rowsRead!: number;

  @Field(() => Int)
  rowsLoaded!: number;

  @Field(() => Int)
  rowsRejected!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType({ description: "A CSV row that was not loaded." })
export class CsvRejectedRow {
  @Field(() => Int, { description: "1-based line in the file." })
  line!: number;

  @Field(() => String)
  reason!: string;
}

@ObjectType()
export class CsvImportResult {
  @Field(() => ImportBatch)
  batch!: ImportBatch;

  @Field(() => Boolean, { description: "True when this exact file was imported before; nothing changed." })
  duplicate!: boolean;

  @Field(() => [CsvRejectedRow], { description: "The first rejected rows; download all from rejectsUrl." })
  rejectsPreview!: CsvRejectedRow[];

  @Field(() => String, { description: "Path of the rejected rows as CSV (GET with the same API key)." })
  rejectsUrl!: string;

  @Field(() => Int, { description: "Summary and totals rows of a platform export (Ads Manager's summary row, Google's \"Total: …\" rows) skipped, neither loaded nor rejected." })
  skippedRows!: number;
}

export const ImportBatchConnection = connectionOf(ImportBatch, "ImportBatch");
