import { Field, ID, InterfaceType } from "type-graphql";
import { notFound } from "../errors.js";

@InterfaceType({
  description: "An object with an opaque global id. `node(id:)` and `nodes(ids:)` fetch any of them by that id (in the caller's organization only).",
  resolveType: (v: { __typename?: string }) => v.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: "Opaque global id for node(id:) and client caches (the type and the row id, encoded)." })
  nodeId!: string;
}

/** The opaque global id of a row of a type: base64url of "Type:id". */
export const toGlobalId = (type: string, id: string | number) => Buffer.from(`${type}:${id}`, "utf8").toString("base64url");

/** The type and row id of a global id; NOT_FOUND for anything that is not one. */
export function fromGlobalId(globalId: string): { type: string; id: string } {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(globalId) ? Buffer.from(globalId, "base64url").toString("utf8") : "";
  const i = text.indexOf(":");
  if (i <= 0 || !/^[A-Za-z]+$/.test(text.slice(0, i)) || i === text.length - 1) throw notFound("Node", globalId);
  return { type: text.slice(0, i), id: text.slice(i + 1) };
}
