import { Node } from "./node.js";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";

@ObjectType({ implements: Node, description: "The caller's organization and its reporting settings." })
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  slug!: string;

  @Field(() => String)
  reportingCurrency!: string;

  @Field(() => String)
  timezone!: string;

  @Field(() => String, { description: "Country for public holidays (ISO 3166-1 alpha-2)." })
  country!: string;

  @Field(() => String, { nullable: true })
  region!: string | null;

  @Field(() => Int)
  fiscalYearStartMonth!: number;

  @Field(() => Int, { description: "ISO weekday the week starts on (1 = Monday)." })
  weekStart!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@InputType()
export class OrganizationInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  reportingCurrency?: string;

  @Field(() => String, { nullable: true })
  timezone?: string;

  @Field(() => String, { nullable: true })
  country?: string;

  @Field(() => String, { nullable: true })
  region?: string;

  @Field(() => Int, { nullable: true })
  fiscalYearStartMonth?: number;

  @Field(() => Int, { nullable: true })
  weekStart?: number;
}
