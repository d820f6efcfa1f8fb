import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** POST one operation over real HTTP with an API key (or none). */
export async function gql<T = Record<string, any>, V = Record<string, unknown>>(
  url: string,
  key: string | null,
  query: string | DocumentNode | TypedDocumentNode<T, V>,
  variables?: V,
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, "status">;
  return { status: res.status, ...body };
}

/** The error codes of a response, in order. */
export const codes = (r: GqlResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

/** A union or interface value (selected with __typename) as one of its types; throws naming the type it was. */
export function asType<T extends { __typename: string }, N extends T["__typename"]>(value: T | null | undefined, typename: N): Extract<T, { __typename: N }> {
  if (value?.__typename !== typename) throw new Error(`expected a ${typename}, got ${value ? value.__typename : String(value)}`);
  return value as Extract<T, { __typename: N }>;
}
