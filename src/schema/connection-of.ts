import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "./relay.js";

/**
 * `XConnection { edges { node cursor } pageInfo totalCount }` for a node type, the shape of every
 * list that can grow. `totalCount` is a getter on the page, so it is counted only when asked for.
 */
export function connectionOf<T extends object>(Node: abstract new (...args: any[]) => T, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => Node)
    node!: T;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "Every item of the list (not just this page); counted only when asked for." })
    totalCount!: Promise<number>;
  }
  return Connection;
}

/** A connection value from a page of rows. */
export function toConnection<T>(page: { nodes: T[]; cursors: string[]; hasNextPage: boolean; hasPreviousPage: boolean; totalCount: () => Promise<number> }) {
  return {
    edges: page.nodes.map((node, i) => ({ node, cursor: page.cursors[i]! })),
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage, startCursor: page.cursors[0] ?? null, endCursor: page.cursors.at(-1) ?? null },
    get totalCount() { return page.totalCount(); },
  };
}
