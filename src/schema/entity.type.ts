import { Node } from "./node.js";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

export enum EntityLevel {
  account = "account",
  campaign = "campaign",
  ad_group = "ad_group",
  ad = "ad",
}
registerEnumType(EntityLevel, { name: "EntityLevel", description: "Level of the ad dimension." });

@ObjectType({ implements: Node, simpleResolvers: true, description: "An account, campaign, ad group (ad set) or ad on a platform." })
export class Entity {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  platform!: string;

  @Field(() => EntityLevel)
  level!: EntityLevel;

  @Field(() => String, { description: "The platform's own id." })
  externalId!: string;

  @Field(() => String, { nullable: true })
  parentExternalId!: string | null;

  @Field(() => String, { nullable: true })
  accountExternalId!: string | null;

  @Field(() => ID, { nullable: true })
  connectionId!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  objective!: string | null;

  @Field(() => String, { nullable: true })
  currency!: string | null;

  @Field(() => String, { nullable: true })
  timezone!: string | null;

  @Field(() => JSONScalar)
  extras!: Record<string, unknown>;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}
