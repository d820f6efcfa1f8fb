import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, JSONScalar } from "./scalars.js";

export enum MemoryKind {
  account = "account",
  campaign = "campaign",
  ad_group = "ad_group",
  ad = "ad",
  campaign_day = "campaign_day",
  sync_run = "sync_run",
  experiment = "experiment",
  model = "model",
}
registerEnumType(MemoryKind, { name: "MemoryKind", description: "What a memory item describes." });

@ObjectType({ description: "One search result from the organization's memory." })
export class SearchHit {
  @Field(() => ID)
  id!: string;

  @Field(() => MemoryKind)
  kind!: MemoryKind;

  @Field(() => String)
  title!: string;

  @Field(() => String, { description: "The indexed text." })
  body!: string;

  @Field(() => String, { nullable: true })
  platform!: string | null;

  @Field(() => DateScalar, { nullable: true })
  dateFrom!: string | null;

  @Field(() => DateScalar, { nullable: true })
  dateTo!: string | null;

  @Field(() => Float, { description: "Reciprocal-rank-fusion score of the vector and full-text rankings (higher is better)." })
  score!: number;

  @Field(() => Float, { nullable: true, description: "Cosine similarity to the query, when among the vector candidates." })
  vectorSimilarity!: number | null;

  @Field(() => Float, { nullable: true, description: "PostgreSQL ts_rank_cd, when the words matched." })
  textRank!: number | null;

  @Field(() => JSONScalar, {
    description: 'What the item stands for: {type: "entity", id, platform, level, externalId} | {type: "facts", platform, campaignId, date} | {type: "syncRun", id} | {type: "experiment" | "model", id}.',
  })
  link!: Record<string, unknown>;
}

@ObjectType({ description: "What a memory re-index did." })
export class MemoryIndexResult {
  @Field(() => Int, { description: "Items new or changed, embedded and written." })
  embedded!: number;

  @Field(() => Int, { description: "Items unchanged (not re-embedded)." })
  unchanged!: number;

  @Field(() => Int, { description: "Items removed because their source is gone." })
  deleted!: number;
}
