import type { EntityFilter } from "../analytics/facts/entities.js";
import { Field, ObjectType } from "type-graphql";
import { Entity } from "./entity.type.js";
import { PageInfo } from "./relay.js";

@ObjectType()
export class EntityEdge {
  @Field(() => Entity)
  node!: Entity;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class EntityConnection {
  @Field(() => [EntityEdge])
  edges!: EntityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** The filter of this page, for the totalCount field resolver. */
  filter!: EntityFilter;
}
