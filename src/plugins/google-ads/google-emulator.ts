import { createServer } from "node:http";
import { allowSandboxOrigin } from "../outbound.js";
import type { AddressInfo } from "node:net";
import { worldFrom, type World, type WorldOptions } from "../sandbox/index.js";
import type { Sandbox } from "../types.js";
import { parseGaql, queryRows } from "./google-emulator-data.js";

export interface GoogleEmulatorOptions {
  world?: World;
  worldOptions?: WorldOptions;
  developerToken?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  apiVersion?: string;
  /** Rows per searchStream batch (the real API sends up to 10,000). */
  batchSize?: number;
  /** When set, requests must carry this login-customer-id (access through a manager account). */
  managerId?: string;
  /** Lifetime of issued access tokens in seconds (default 3599, as Google issues them). */
  tokenTtlSeconds?: number;
}

/** A canned answer for matching searchStream requests, `times` times. */
export interface GoogleFault { status: number; body: unknown; times?: number; headers?: Record<string, string> }

/** One API request the emulator served. */
export interface GoogleRequestLog { path: string; query?: string; headers: Record<string, string | undefined>; status: number }

export interface GoogleSandbox extends Sandbox {
  world: World;
  requests: GoogleRequestLog[];
  /** Token endpoint calls, in order. */
  tokenCalls: { refreshToken: string; status: number }[];
  fail(fault: GoogleFault): void;
  /**
   * Make every access token issued so far expired: the next call answers OAUTH_TOKEN_EXPIRED, or with `bare` a plain
   * 401 UNAUTHENTICATED without a GoogleAdsFailure, as Google's front end answers a token it no longer accepts.
   */
  expireTokens(answer?: "ads-failure" | "bare"): void;
  set(options: Partial<Omit<GoogleEmulatorOptions, "world" | "worldOptions">>): void;
}

const API = "google.ads.googleads.v21.errors.GoogleAdsFailure";
/** A REST error body with one GoogleAdsFailure error, as the API returns it. */
export function googleError(httpCode: number, status: string, errorCode: Record<string, string>, message: string, details?: unknown) {
  return { error: { code: httpCode, message: "Request contains an invalid argument.", status, details: [{ "@type": `type.googleapis.com/${API}`, errors: [{ errorCode, message, ...(details ? { details } : {}) }], requestId: `req-${Math.floor(Math.random() * 1e9).toString(36)}` }] } };
}

/** The plain 401 of Google's front end for an access token it does not accept (no GoogleAdsFailure detail). */
export const BARE_UNAUTHENTICATED = {
  error: {
    code: 401, status: "UNAUTHENTICATED",
    message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  },
};

/** Start a loopback Google Ads REST API (searchStream) and OAuth token endpoint serving the shared world's Google Ads customer. */
export async function startGoogleSandbox(input: Record<string, unknown> = {}): Promise<GoogleSandbox> {
  const opts = input as GoogleEmulatorOptions;
  const o = { developerToken: "sandbox-dev-token", clientId: "sandbox.apps.googleusercontent.com", clientSecret: "sandbox-secret", refreshToken: "1//sandbox-refresh", apiVersion: "v21", batchSize: 10_000, tokenTtlSeconds: 3599, ...opts } as Required<Omit<GoogleEmulatorOptions, "world" | "worldOptions" | "managerId">> & { managerId?: string };
  const world = worldFrom(input);
  const g = world.platform("google_ads");
  const tokens = new Map<string, number>(); // access token → expiry (ms)
  const faults: GoogleFault[] = [];
  const requests: GoogleRequestLog[] = [];
  const tokenCalls: GoogleSandbox["tokenCalls"] = [];
  let issued = 0;
  let expiredAnswer: "ads-failure" | "bare" = "ads-failure";

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString();
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...headers });
        res.end(JSON.stringify(body));
      };
      if (path === "/token") {
        const form = new URLSearchParams(text);
        const ok = form.get("grant_type") === "refresh_token" && form.get("client_id") === o.clientId && form.get("client_secret") === o.clientSecret;
        const status = !ok ? 401 : form.get("refresh_token") !== o.refreshToken ? 400 : 200;
        tokenCalls.push({ refreshToken: form.get("refresh_token") ?? "", status });
        if (status === 401) return send(401, { error: "invalid_client", error_description: "The OAuth client was not found." });
        if (status === 400) return send(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
        const token = `ya29.sandbox-${++issued}`;
        tokens.set(token, Date.now() + o.tokenTtlSeconds * 1000);
        return send(200, { access_token: token, expires_in: o.tokenTtlSeconds, scope: "https://www.googleapis.com/auth/adwords", token_type: "Bearer" });
      }
      let query: string | undefined;
      try { query = (JSON.parse(text) as { query?: string }).query; } catch { /* answered below */ }
      const log = { path, query, headers: { "developer-token": req.headers["developer-token"] as string | undefined, "login-customer-id": req.headers["login-customer-id"] as string | undefined }, status: 0 };
      requests.push(log);
      if (requests.length > 100_000) requests.splice(0, requests.length - 100_000); // bounded for long-running demo servers
      const reply = (status: number, body: unknown, headers?: Record<string, string>) => { log.status = status; send(status, body, headers); };
      const m = path.match(/^\/(v\d+)\/customers\/(\d+)\/googleAds:searchStream$/);
      if (!m || req.method !== "POST") return reply(404, { error: { code: 404, message: `Not found: ${path}`, status: "NOT_FOUND" } });
      const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      const expiry = tokens.get(token);
      if (expiry === undefined) return reply(401, googleError(401, "UNAUTHENTICATED", { authenticationError: "OAUTH_TOKEN_INVALID" }, "Oauth token is invalid."));
      if (Date.now() >= expiry && expiredAnswer === "bare") return reply(401, BARE_UNAUTHENTICATED);
      if (Date.now() >= expiry) return reply(401, googleError(401, "UNAUTHENTICATED", { authenticationError: "OAUTH_TOKEN_EXPIRED" }, "The OAuth token in the header has expired."));
      if (req.headers["developer-token"] !== o.developerToken) return reply(401, googleError(401, "UNAUTHENTICATED", { authenticationError: "DEVELOPER_TOKEN_INVALID" }, "The developer token is not valid."));
      if (o.managerId && req.headers["login-customer-id"] !== o.managerId) {
        return reply(403, googleError(403, "PERMISSION_DENIED", { authorizationError: "USER_PERMISSION_DENIED" }, "User doesn't have permission to access customer. Note: If you're accessing a client customer, the manager's customer id must be set in the 'login-customer-id' header."));
      }
      const fault = faults[0];
      if (fault) {
        if (--fault.times! <= 0) faults.shift();
        return reply(fault.status, fault.body, fault.headers);
      }
      if (m[1] !== o.apiVersion) return reply(404, { error: { code: 404, message: `Version ${m[1]} is not served; use ${o.apiVersion}`, status: "NOT_FOUND" } });
      if (!g.account(m[2]!)) return reply(403, googleError(403, "PERMISSION_DENIED", { authorizationError: "CUSTOMER_NOT_ENABLED" }, `Customer ${m[2]} is not accessible.`));
      const gaql = query ? parseGaql(query) : undefined;
      const rows = gaql ? queryRows(world, m[2]!, gaql) : "the body must be {\"query\": \"<GAQL>\"}";
      if (typeof rows === "string") return reply(400, googleError(400, "INVALID_ARGUMENT", { queryError: "UNRECOGNIZED_FIELD" }, rows));
      const fieldMask = gaql!.fields.map((f) => f.split(".").map((p) => p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).join(".")).join(",");
      const batches: Record<string, unknown>[] = [];
      for (let i = 0; i < rows.length || batches.length === 0; i += o.batchSize) {
        const results = rows.slice(i, i + o.batchSize);
        batches.push({ ...(results.length ? { results } : {}), fieldMask, requestId: `sandbox-${requests.length}` });
      }
      batches[batches.length - 1]!.queryResourceConsumption = String(50 + rows.length);
      reply(200, batches);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const disallow = allowSandboxOrigin(url);
  return {
    url, world, requests, tokenCalls,
    config: {
      developerToken: o.developerToken, clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken,
      customerIds: g.accounts().map((a) => a.id), apiVersion: o.apiVersion, baseUrl: url, tokenUrl: `${url}/token`,
      ...(o.managerId ? { loginCustomerId: o.managerId } : {}),
    },
    fail: (f) => { faults.push({ times: 1, ...f }); },
    expireTokens: (answer = "ads-failure") => { expiredAnswer = answer; for (const t of tokens.keys()) tokens.set(t, 0); },
    set: (next) => { Object.assign(o, next); },
    close: () => (disallow(), new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))),
  };
}
