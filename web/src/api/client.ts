import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { loadKey } from "./session";

/** A GraphQL error as the gateway sends it: a message that says what to do, a code, and field problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Field-level problems (`extensions.fields`), e.g. `{ field: "config.accountId", message }`. */
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

type GqlError = { message: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } };
const printed = new WeakMap<object, string>();
const source = (doc: TypedDocumentNode<any, any>) => {
  let s = printed.get(doc);
  if (!s) printed.set(doc, (s = print(doc)));
  return s;
};
const toError = (errors: GqlError[]) =>
  new ApiError(errors.map((e) => e.message).join(" "), errors[0]?.extensions?.code ?? "ERROR", errors.flatMap((e) => e.extensions?.fields ?? []));

/** Run a query or mutation over HTTP with the signed-in key. */
export async function request<R, V>(doc: TypedDocumentNode<R, V>, variables: V, key = loadKey()): Promise<R> {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: `Bearer ${key ?? ""}` },
    body: JSON.stringify({ query: source(doc), variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: GqlError[] } | null;
  if (body?.errors?.length) throw toError(body.errors);
  if (!res.ok || !body?.data) throw new ApiError(`The gateway answered HTTP ${res.status}.`, "HTTP_" + res.status);
  return body.data;
}

let ws: Client | null = null;
/** One graphql-ws client per page load, authenticated with the signed-in key. */
function wsClient(): Client {
  if (!ws) {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = createClient({ url: `${proto}//${location.host}/graphql`, connectionParams: () => ({ authorization: `Bearer ${loadKey() ?? ""}` }), lazy: true, retryAttempts: 5 });
  }
  return ws;
}

/** Subscribe over graphql-ws; returns the unsubscribe function. */
export function subscribe<R, V>(doc: TypedDocumentNode<R, V>, variables: V, onData: (data: R) => void, onError?: (e: ApiError) => void): () => void {
  return wsClient().subscribe<R>(
    { query: source(doc), variables: variables as Record<string, unknown> },
    {
      next: (r) => (r.errors?.length ? onError?.(toError(r.errors as GqlError[])) : r.data && onData(r.data)),
      error: (e) => onError?.(new ApiError(e instanceof Error ? e.message : "The live connection closed.", "WS")),
      complete: () => {},
    },
  );
}

/** Close the live connection (on sign-out). */
export function closeLive() {
  void ws?.dispose();
  ws = null;
}
