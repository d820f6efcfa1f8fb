import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** A graphql-ws client that sends `authorization` in connection_init (or nothing when key is null). */
export function wsClient(wsUrl: string, key: string | null): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
  });
}

export interface WsResult {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
  /** Close code when the socket was closed instead (4403 = refused at connection_init). */
  closeCode?: number;
}

/** Run one query or mutation over WebSocket and return its result, errors, or the close code. */
export function wsExecute(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsResult> {
  return new Promise((resolve) => {
    let result: WsResult = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => void (result = value as WsResult),
        error: (err: unknown) => {
          if (Array.isArray(err)) resolve({ errors: err as WsResult["errors"] });
          else if (err && typeof err === "object" && "code" in err) resolve({ closeCode: (err as { code: number }).code });
          else resolve({ errors: [{ message: String(err) }] });
        },
        complete: () => resolve(result),
      },
    );
  });
}
