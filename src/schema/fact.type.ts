import { Node } from "./node.js";
import { EntityLevel } from "./entity.type.js";
import { FactKind } from "./status-enums.js";
import { Field, ID, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar, SafeIntScalar } from "./scalars.js";

// simpleResolvers: plain fields read the property directly (no per-field wrapper; none has auth or middleware).
@ObjectType({ implements: Node, simpleResolvers: true, description: "One unified daily marketing fact at its stream's grain." })
export class Fact {
  @Field(() => ID, { description: "Opaque, stable id of this fact: the same in every request, and it reveals no row number or order." })
  id!: string;

  @Field(() => DateScalar, { description: "The platform's reporting day in the account's timezone." })
  date!: string;

  @Field(() => String)
  platform!: string;

  @Field(() => String, { description: "Connection id for synced rows, or the ingest source." })
  source!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => FactKind)
  kind!: string;

  @Field(() => EntityLevel, { description: "Grain of the row." })
  level!: string;

  @Field(() => String)
  accountId!: string;

  @Field(() => String)
  campaignId!: string;

  @Field(() => String)
  adGroupId!: string;

  @Field(() => String)
  adId!: string;

  /** Breakdown values as stored, e.g. {age: "25-34"}; served by FactResolver.breakdowns as a list. */
  breakdowns!: Record<string, string>;

  @Field(() => DecimalScalar)
  spend!: string;

  @Field(() => SafeIntScalar)
  impressions!: number;

  @Field(() => SafeIntScalar)
  clicks!: number;

  @Field(() => DecimalScalar)
  conversions!: string;

  @Field(() => DecimalScalar)
  revenue!: string;

  @Field(() => SafeIntScalar, { nullable: true })
  reach!: number | null;

  @Field(() => SafeIntScalar, { nullable: true })
  videoViews!: number | null;

  @Field(() => String, { description: "Native currency of the account (ISO 4217)." })
  currency!: string;

  @Field(() => String, { nullable: true })
  accountTimezone!: string | null;

  @Field(() => String, { nullable: true, description: "The attribution windows the platform used, e.g. 7d_click,1d_view." })
  attributionSetting!: string | null;

  @Field(() => JSONScalar)
  extras!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  loadedAt!: Date;
}
