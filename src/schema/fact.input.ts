import { Field, InputType } from "type-graphql";
import { DecimalScalar, JSONScalar, SafeIntScalar } from "./scalars.js";

@InputType({ description: "One breakdown value of a fact." })
export class BreakdownInput {
  @Field(() => String, { description: "Breakdown field, e.g. age, country." })
  field!: string;

  @Field(() => String)
  value!: string;
}

@InputType({ description: "An already-unified daily fact. The same natural key again updates the row." })
export class FactInput {
  @Field(() => String, { nullable: true, description: "Pipeline or source name; rows are unique per source. Default \"api\"." })
  source?: string;

  @Field(() => String)
  platform!: string;

  @Field(() => String, { nullable: true, description: "Default \"ingest\"." })
  stream?: string;

  @Field(() => String, { nullable: true, description: "account, campaign, ad_group or ad (default ad)." })
  level?: "account" | "campaign" | "ad_group" | "ad";

  @Field(() => String, { nullable: true, description: "media (default) or outcome (the business's own totals)." })
  kind?: "media" | "outcome";

  @Field(() => String, { description: "YYYY-MM-DD; a bad date rejects this row only." })
  date!: string;

  @Field(() => String, { nullable: true })
  accountId?: string;

  @Field(() => String, { nullable: true })
  campaignId?: string;

  @Field(() => String, { nullable: true })
  adGroupId?: string;

  @Field(() => String, { nullable: true })
  adId?: string;

  @Field(() => [BreakdownInput], { nullable: true, description: "Breakdown values, e.g. [{ field: \"age\", value: \"25-34\" }]; none for the main stream." })
  breakdowns?: BreakdownInput[];

  @Field(() => DecimalScalar, { nullable: true })
  spend?: string;

  @Field(() => SafeIntScalar, { nullable: true })
  impressions?: number;

  @Field(() => SafeIntScalar, { nullable: true })
  clicks?: number;

  @Field(() => DecimalScalar, { nullable: true })
  conversions?: string;

  @Field(() => DecimalScalar, { nullable: true })
  revenue?: string;

  @Field(() => SafeIntScalar, { nullable: true })
  reach?: number;

  @Field(() => SafeIntScalar, { nullable: true })
  videoViews?: number;

  @Field(() => String, { description: "ISO 4217 code of the account's currency." })
  currency!: string;

  @Field(() => String, { nullable: true })
  accountTimezone?: string;

  @Field(() => String, { nullable: true })
  attributionSetting?: string;

  @Field(() => JSONScalar, { nullable: true })
  extras?: Record<string, unknown>;
}
