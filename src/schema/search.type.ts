import type { MemoryLink } from "../db/tables/memory-items.js";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar } from "./scalars.js";

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

@ObjectType({ description: "What a search hit stands for; the fields that apply to its type are set." })
export class SearchLink implements MemoryLink {
  @Field(() => SearchLinkType)
  type!: MemoryLink["type"];

  @Field(() => ID, { nullable: true, description: "Id of the row behind it (entity, sync run, experiment, model)." })
  id?: string;

  @Field(() => String, { nullable: true, description: "entity and facts: the platform." })
  platform?: string;

  @Field(() => String, { nullable: true, description: "entity: its level." })
  level?: string;

  @Field(() => String, { nullable: true, description: "entity: the platform's own id." })
  externalId?: string;

  @Field(() => String, { nullable: true, description: "facts: the campaign's platform id." })
  campaignId?: string;

  @Field(() => DateScalar, { nullable: true, description: "facts: the day." })
  date?: string;

  @Field(() => ID, { nullable: true, description: "facts: the campaign entity's id, when known." })
  entityId?: string;

  @Field(() => String, { nullable: true, description: "syncRun: the connection's name." })
  connectionName?: string;
}

@ObjectType({ description: "A daily campaign summary that matched, shown under its campaign." })
export class SearchEvidence {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar, { nullable: true })
  date!: string | null;

  @Field(() => String)
  title!: string;
}

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

  @Field(() => [SearchEvidence], { description: "For a campaign: the daily summaries that matched (newest first, up to 7), collapsed under it." })
  evidence!: SearchEvidence[];

  @Field(() => Float, { description: "Ranking score: name match (exact, prefix, typo-tolerant), kind, status, objective and platform words, and the fused vector and full-text ranks (higher is better)." })
  score!: number;

  @Field(() => Float, { nullable: true, description: "Cosine similarity to the query, when among the vector candidates." })
  vectorSimilarity!: number | null;

  @Field(() => Float, { nullable: true, description: "PostgreSQL ts_rank_cd, when the words matched." })
  textRank!: number | null;

  @Field(() => SearchLink, { description: "What the item stands for, with the ids to open it." })
  link!: SearchLink;
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

export enum SearchLinkType { entity = "entity", facts = "facts", syncRun = "syncRun", experiment = "experiment", model = "model" }
registerEnumType(SearchLinkType, { name: "SearchLinkType" });
