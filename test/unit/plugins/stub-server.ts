import { createServer, type IncomingMessage, type Server } from "node:http";
import { allowSandboxOrigin } from "../../../src/plugins/outbound.js";
import type { AddressInfo } from "node:net";

/** A scripted reply: status, headers, body (string or JSON), optional delay, or a dropped connection. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  destroy?: boolean;
}

/** A real HTTP server on 127.0.0.1 answering each request with the next scripted reply (the last one repeats). */
export async function startStubServer(replies: Reply[]) {
  const seen: { method: string; url: string; headers: IncomingMessage["headers"]; body: string; at: number }[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() });
    const reply = replies[Math.min(seen.length - 1, replies.length - 1)]!;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) return req.socket.destroy();
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
    res.end(text);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const disallow = allowSandboxOrigin(url); // stands in for an emulator of this process
  return { url, seen, close: () => (disallow(), new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); })) };
}
