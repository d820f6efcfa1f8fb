/** Types of the loopback emulator toolkit (emulator.ts). */

/** A parsed request as route handlers see it. */
export interface EmulatorRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** JSON or form bodies parsed to objects; other bodies as text; undefined when empty. */
  body: unknown;
  /** `:name` segments of the route pattern. */
  params: Record<string, string>;
  /** Name of the matched route. */
  route: string;
  /** 1-based number of this request among requests to the same route. */
  n: number;
}

/** What a handler returns: a JSON body by default, or raw text. */
export interface EmulatorResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Serialized as JSON. */
  body?: unknown;
  /** Sent as is instead of `body`. */
  raw?: string;
}

export type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** One route: method, a path pattern with `:param` segments, the handler and an optional name for faults and counts. */
export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
  /** Defaults to "METHOD pattern". */
  name?: string;
}

/** The failures every emulator can inject. */
export type FaultKind = "rate_limit" | "server_error" | "slow" | "truncated" | "expired_token" | "disconnect";

/** A deterministic fault schedule: which requests fail, and how. */
export interface FaultSpec {
  kind: FaultKind;
  /** Route name the fault applies to (counts are per route); every route (global count) when omitted. */
  route?: string;
  /** Fail exactly the Nth request (1-based). */
  nth?: number;
  /** Fail requests from the `from`th (1-based, default 1) … */
  from?: number;
  /** … for `times` requests (default: until cleared). */
  times?: number;
  /** rate_limit: value of the Retry-After header in seconds (default 1); null to omit the header. */
  retryAfterSeconds?: number | null;
  /** HTTP status override (defaults: rate_limit 429, server_error 500, expired_token 401). */
  status?: number;
  /** slow: delay before the normal response, ms (default 2000). */
  delayMs?: number;
}

/** Platform-specific error bodies for faults; each emulator supplies its own real shape. */
export interface FaultBodies {
  rateLimit?: (fault: FaultSpec, req: EmulatorRequest) => EmulatorResponse;
  serverError?: (fault: FaultSpec, req: EmulatorRequest) => EmulatorResponse;
  expiredToken?: (fault: FaultSpec, req: EmulatorRequest) => EmulatorResponse;
}

/** One request as the emulator saw it, for assertions. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Matched route name, or null for a 404. */
  route: string | null;
  /** Number of the request within its route. */
  n: number;
  /** Fault injected into this request, if any. */
  fault: FaultKind | null;
  /** Status sent (0 when the connection was dropped). */
  status: number;
}

export interface EmulatorOptions {
  routes: Route[];
  faultBodies?: FaultBodies;
  /** Faults active from the start. */
  faults?: FaultSpec[];
}

/** A running loopback emulator. */
export interface Emulator {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  /** Every request received, in order. */
  log: LoggedRequest[];
  /** Schedule a fault; returns a function that removes it. */
  addFault(fault: FaultSpec): () => void;
  /** Remove every scheduled fault. */
  clearFaults(): void;
  /** Requests received so far by a route (all routes when omitted). */
  count(route?: string): number;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}
