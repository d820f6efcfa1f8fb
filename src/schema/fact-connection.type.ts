import { Field, ObjectType } from "type-graphql";
import { Fact } from "./fact.type.js";
import { PageInfo } from "./relay.js";
import type { FactFilter } from "../analytics/facts/list-facts.js";

@ObjectType({ simpleResolvers: true })
export class FactEdge {
  @Field(() => Fact)
  node!: Fact;

  @Field(() => String)
  cursor!: string;
}

@ObjectType({ simpleResolvers: true, description: "A page of facts; ask for totalCount only when you need it (it counts every match)." })
export class FactConnection {
  @Field(() => [FactEdge])
  edges!: FactEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** The filter of this page, for the totalCount field resolver. */
  filter!: FactFilter;
}
