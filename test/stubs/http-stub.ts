import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A recorded request. */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: unknown;
}

/** A canned failure: the next `times` requests get this status, headers and JSON body. */
export interface StubFailure {
  times: number;
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface JsonStub {
  url: string;
  requests: StubRequest[];
  /** Queue a failure for the next requests (rate limiting, server errors). */
  failNext(f: StubFailure): void;
  /** Forget recorded requests and queued failures. */
  reset(): void;
  close(): Promise<void>;
}

type Handler = (req: StubRequest) => { status: number; body: unknown; headers?: Record<string, string> };

/** A JSON HTTP server on 127.0.0.1:<random port> that records requests and can be told to fail. */
export async function startJsonStub(handle: Handler): Promise<JsonStub> {
  const requests: StubRequest[] = [];
  const failures: StubFailure[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const r: StubRequest = { method: req.method ?? "GET", path: (req.url ?? "/").split("?")[0], headers: req.headers, body: text ? JSON.parse(text) : undefined };
    requests.push(r);
    const fail = failures[0];
    const out = fail ? (--fail.times <= 0 && failures.shift(), fail) : handle(r);
    res.writeHead(out.status, { "content-type": "application/json", ...(out.headers ?? {}) });
    res.end(JSON.stringify(out.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (f) => void failures.push({ ...f }),
    reset: () => { requests.length = 0; failures.length = 0; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
