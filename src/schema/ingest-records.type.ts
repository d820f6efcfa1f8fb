import { Field, Int, ObjectType } from "type-graphql";
import { RowError } from "./ingest-result.type.js";
import { DecimalScalar, JSONScalar, SafeIntScalar } from "./scalars.js";
import { EntityLevel } from "./entity.type.js";
import { BreakdownValue } from "./metrics-row.type.js";
import type { EntityRow, FactRow } from "../db/facts.js";

@ObjectType({ description: "A unified fact row as the normalizer made it (not stored)." })
export class PreviewFact implements Omit<FactRow, "breakdowns" | "level" | "kind"> {
  @Field(() => String) platform!: string;
  @Field(() => String) stream!: string;
  @Field(() => String, { nullable: true, description: "media or outcome (default media)." }) kind?: string;
  @Field(() => EntityLevel, { nullable: true }) level?: FactRow["level"];
  @Field(() => String, { description: "YYYY-MM-DD as normalized (a bad date is a reject)." }) date!: string;
  @Field(() => String, { nullable: true }) accountId?: string;
  @Field(() => String, { nullable: true }) campaignId?: string;
  @Field(() => String, { nullable: true }) adGroupId?: string;
  @Field(() => String, { nullable: true }) adId?: string;
  @Field(() => [BreakdownValue]) breakdowns!: BreakdownValue[];
  @Field(() => DecimalScalar, { nullable: true }) spend?: string | number;
  @Field(() => SafeIntScalar, { nullable: true }) impressions?: number;
  @Field(() => SafeIntScalar, { nullable: true }) clicks?: number;
  @Field(() => DecimalScalar, { nullable: true }) conversions?: string | number;
  @Field(() => DecimalScalar, { nullable: true }) revenue?: string | number;
  @Field(() => SafeIntScalar, { nullable: true }) reach?: number | null;
  @Field(() => SafeIntScalar, { nullable: true }) videoViews?: number | null;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true }) accountTimezone?: string | null;
  @Field(() => String, { nullable: true }) attributionSetting?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "Platform extras (open by nature)." }) extras?: Record<string, unknown>;
}

@ObjectType({ description: "An entity of the ad dimension as the normalizer made it (not stored)." })
export class PreviewEntity implements Omit<EntityRow, "level"> {
  @Field(() => String) platform!: string;
  @Field(() => EntityLevel) level!: EntityRow["level"];
  @Field(() => String) externalId!: string;
  @Field(() => String, { nullable: true }) parentExternalId?: string | null;
  @Field(() => String, { nullable: true }) accountExternalId?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
  @Field(() => String, { nullable: true }) objective?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: "Platform extras (open by nature)." }) extras?: Record<string, unknown>;
}

@ObjectType({ description: "What ingestRecords stored and rejected." })
export class IngestRecordsResult {
  @Field(() => Int)
  received!: number;

  @Field(() => Int)
  factsWritten!: number;

  @Field(() => Int)
  entitiesWritten!: number;

  @Field(() => Int, { description: "Records rejected (each with its reasons in rejects)." })
  rejected!: number;

  @Field(() => [RowError])
  rejects!: RowError[];
}

@ObjectType({ description: "What records would become, with nothing stored." })
export class TransformPreview {
  @Field(() => [PreviewFact], { description: "Unified fact rows." })
  facts!: PreviewFact[];

  @Field(() => [PreviewEntity])
  entities!: PreviewEntity[];

  @Field(() => [RowError])
  rejects!: RowError[];
}

@ObjectType()
export class RetransformResult {
  @Field(() => Int)
  recordsRead!: number;

  @Field(() => Int)
  factsWritten!: number;

  @Field(() => Int)
  entitiesWritten!: number;

  @Field(() => Int)
  rejected!: number;
}
