import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { allowSandboxOrigin } from "../outbound.js";
import type { Emulator, EmulatorOptions, EmulatorRequest, EmulatorResponse, FaultSpec, LoggedRequest } from "./emulator-types.js";

export type * from "./emulator-types.js";

/** Shorthand for a JSON response. */
export const json = (status: number, body: unknown, headers?: Record<string, string>): EmulatorResponse => ({ status, body, headers });

/** The bearer token of a request, or undefined. */
export function bearer(req: EmulatorRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === "string" ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m?.[1];
}

/** Opaque cursor for offset paging (base64url of the offset). */
export const encodeCursor = (offset: number): string => Buffer.from(`o:${offset}`).toString("base64url");
/** Offset of a cursor; 0 for a missing one; throws on a malformed one. */
export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!m) throw new Error(`Invalid paging cursor "${cursor}".`);
  return Number(m[1]);
}
/** One page of items from a cursor: the slice and the cursor of the next page (undefined at the end). */
export function pageOf<T>(items: readonly T[], cursor: string | null | undefined, limit: number): { items: T[]; next?: string } {
  const offset = decodeCursor(cursor);
  const end = offset + limit;
  return { items: items.slice(offset, end), next: end < items.length ? encodeCursor(end) : undefined };
}

/** Compile a `/a/:b/c` pattern; a trailing `*` segment matches the rest. */
function compile(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const body = pattern.split("/").map((seg) => {
    if (seg === "*") return names.push("rest"), "(.*)";
    if (seg.startsWith(":")) return names.push(seg.slice(1)), "([^/]+)";
    return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }).join("/");
  const re = new RegExp(`^${body}$`);
  return (path) => {
    const m = re.exec(path);
    return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) : null;
  };
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try { return JSON.parse(text); } catch { return text; }
}

const inWindow = (f: FaultSpec, n: number) => (f.nth !== undefined ? n === f.nth : n >= (f.from ?? 1) && n < (f.from ?? 1) + (f.times ?? Infinity));

/** Start an emulator on 127.0.0.1 at a free port. */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const routes = options.routes.map((r) => ({ ...r, name: r.name ?? `${r.method} ${r.pattern}`, match: compile(r.pattern) }));
  const faults: FaultSpec[] = [...(options.faults ?? [])];
  const counts = new Map<string, number>();
  const log: LoggedRequest[] = [];
  let total = 0;
  const fb = options.faultBodies ?? {};

  const send = (res: ServerResponse, r: EmulatorResponse, truncate = false) => {
    let text = r.raw ?? (r.body === undefined ? "" : JSON.stringify(r.body));
    if (truncate) text = text.slice(0, Math.floor(text.length / 2));
    res.writeHead(r.status ?? 200, { "content-type": r.raw !== undefined ? "text/plain" : "application/json", ...r.headers });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = req.method ?? "GET";
    const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"]);
    const entry: LoggedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, route: null, n: 0, fault: null, status: 404 };
    log.push(entry);
    const n = ++total;
    let params: Record<string, string> | null = null;
    const route = routes.find((r) => r.method === method && (params = r.match(url.pathname)) !== null);
    if (!route) return send(res, json(404, { error: `No emulator route for ${method} ${url.pathname}` }));
    const rn = (counts.get(route.name) ?? 0) + 1;
    counts.set(route.name, rn);
    Object.assign(entry, { route: route.name, n: rn });
    const er: EmulatorRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params: params ?? {}, route: route.name, n: rn };
    const fault = faults.find((f) => (f.route === undefined ? inWindow(f, n) : f.route === route.name && inWindow(f, rn)));
    entry.fault = fault?.kind ?? null;
    const reply = (r: EmulatorResponse, truncate = false) => ((entry.status = r.status ?? 200), send(res, r, truncate));
    switch (fault?.kind) {
      case "rate_limit": {
        const r = fb.rateLimit?.(fault, er) ?? json(429, { error: "rate limited" });
        const retry = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
        return reply({ ...r, status: fault.status ?? r.status ?? 429, headers: { ...(retry === null ? {} : { "retry-after": String(retry) }), ...r.headers } });
      }
      case "server_error": {
        const r = fb.serverError?.(fault, er) ?? json(500, { error: "internal error" });
        return reply({ ...r, status: fault.status ?? r.status ?? 500 });
      }
      case "expired_token": {
        const r = fb.expiredToken?.(fault, er) ?? json(401, { error: "token expired" });
        return reply({ ...r, status: fault.status ?? r.status ?? 401 });
      }
      case "disconnect":
        entry.status = 0;
        return void res.socket?.destroy();
      case "slow":
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 2000));
        if (res.destroyed) return;
    }
    return reply(await route.handler(er), fault?.kind === "truncated");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, json(500, { error: `Emulator handler failed: ${(err as Error).message}` }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // Connectors of this process may reach the emulator it started (the demo, the sandbox, tests).
  const disallow = allowSandboxOrigin(`http://127.0.0.1:${port}`);
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    addFault(f) {
      faults.push(f);
      return () => { const i = faults.indexOf(f); if (i >= 0) faults.splice(i, 1); };
    },
    clearFaults: () => void faults.splice(0),
    count: (route) => (route === undefined ? total : counts.get(route) ?? 0),
    close: () => new Promise<void>((resolve, reject) => {
      disallow();
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
