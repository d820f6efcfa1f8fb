import { Field, ObjectType } from "type-graphql";

@ObjectType({ simpleResolvers: true, description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Build PageInfo for a forward page. */
export function pageInfo(cursors: string[], hasNextPage: boolean, hasPrevious: boolean): PageInfo {
  return { hasNextPage, hasPreviousPage: hasPrevious, startCursor: cursors[0] ?? null, endCursor: cursors.at(-1) ?? null };
}

/** Edges from nodes and their cursors. */
export const edgesOf = <T>(nodes: T[], cursors: string[]) => nodes.map((node, i) => ({ node, cursor: cursors[i]! }));
