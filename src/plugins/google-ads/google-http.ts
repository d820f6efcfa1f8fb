import { AuthFailed, InvalidConfig, RateLimited, Transient, type PluginError } from "../errors.js";
import { createHttpClient, defaultVerdict, type HttpClient, type HttpResponse, type Verdict } from "../http.js";
import { cached } from "../run-cache.js";
import type { PluginContext } from "../types.js";
import type { GoogleConfig } from "./google-config.js";

const NAME = "Google Ads";

/** One error of a GoogleAdsFailure: `errorCode` has one key naming the error family, e.g. {quotaError: "RESOURCE_EXHAUSTED"}. */
export interface GoogleAdsError {
  errorCode?: Record<string, string>;
  message?: string;
  details?: { quotaErrorDetails?: { rateScope?: string; rateName?: string; retryDelay?: string } };
}

/** The REST error envelope: {error: {code, message, status, details: [{"@type": "…GoogleAdsFailure", errors, requestId}]}}. */
export interface GoogleErrorBody {
  error?: { code?: number; message?: string; status?: string; details?: { "@type"?: string; errors?: GoogleAdsError[]; requestId?: string }[] };
}

/** The GoogleAdsFailure errors of an error body (empty when there is none). */
export function failureErrors(body: GoogleErrorBody | undefined): GoogleAdsError[] {
  return (body?.error?.details ?? []).filter((d) => d["@type"]?.endsWith("GoogleAdsFailure")).flatMap((d) => d.errors ?? []);
}

/** "30773s" / "1.5s" → milliseconds. */
export function parseDuration(s: string | undefined): number | undefined {
  const m = s?.match(/^(\d+(?:\.\d+)?)s$/);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

const codeOf = (e: GoogleAdsError) => Object.entries(e.errorCode ?? {})[0] ?? ["", ""];
const TRANSIENT = new Set(["INTERNAL_ERROR", "TRANSIENT_ERROR", "DEADLINE_EXCEEDED"]);
const TOKEN_EXPIRED = new Set(["OAUTH_TOKEN_EXPIRED", "OAUTH_TOKEN_INVALID", "OAUTH_TOKEN_REVOKED"]);

/** Thrown (retryably) when the access token expired mid-run: the client refreshes it and tries again. */
export class TokenExpired extends Transient {
  override name = "TokenExpired";
}

/** Map a Google Ads response (or a searchStream array with an error element) to ok or a connector error. */
export function classifyGoogle(res: HttpResponse): Verdict {
  const body = (Array.isArray(res.json) ? res.json.find((b) => b && typeof b === "object" && "error" in b) : res.json) as GoogleErrorBody | undefined;
  if (res.status < 300 && !body?.error) return undefined;
  const errors = failureErrors(body);
  const status = body?.error?.status ?? "";
  const first = errors[0];
  const [family, code] = first ? codeOf(first) : ["", ""];
  const what = `${NAME} ${status || `HTTP ${res.status}`}${code ? ` (${family}.${code})` : ""} on ${res.target}: ${(first?.message ?? body?.error?.message ?? "").slice(0, 200)}`;
  const requestId = body?.error?.details?.find((d) => d.requestId)?.requestId;
  const full = requestId ? `${what} [requestId ${requestId}]` : what;
  if (family === "quotaError" || status === "RESOURCE_EXHAUSTED") {
    const q = errors.find((e) => e.details?.quotaErrorDetails)?.details?.quotaErrorDetails;
    const scope = q ? ` (rateScope ${q.rateScope ?? "?"}, ${q.rateName ?? "quota"})` : "";
    return new RateLimited(`${full}${scope}`, { status: res.status, retryAfterMs: parseDuration(q?.retryDelay) });
  }
  if (family === "authenticationError" && TOKEN_EXPIRED.has(code)) return new TokenExpired(full, { status: res.status });
  // A bare 401 UNAUTHENTICATED (no GoogleAdsFailure) comes from Google's front end for an access token it no longer
  // accepts; the refresh token may well be valid, so refresh once before asking for re-authorization.
  if (!first && (status === "UNAUTHENTICATED" || res.status === 401)) return new TokenExpired(full, { status: res.status });
  if (family === "authenticationError" || status === "UNAUTHENTICATED") return new AuthFailed(full, { status: res.status });
  if (family === "authorizationError" && code === "USER_PERMISSION_DENIED") {
    return new InvalidConfig(`${full}. If access goes through a manager account, set loginCustomerId to its id`, { status: res.status, field: "loginCustomerId" });
  }
  if (family === "authorizationError" || status === "PERMISSION_DENIED") return new AuthFailed(full, { status: res.status });
  if (TRANSIENT.has(code) || status === "INTERNAL" || status === "UNAVAILABLE" || status === "DEADLINE_EXCEEDED" || res.status >= 500) return new Transient(full, { status: res.status });
  if (body?.error) return new InvalidConfig(full, { status: res.status });
  return defaultVerdict(NAME, res);
}

const TOKEN_KEY = "google-ads:access-token";

/**
 * Access tokens from the OAuth token endpoint, refreshed before expiry and after an OAUTH_TOKEN_EXPIRED or bare 401
 * answer. One token serves every stream of a run (kept in the run's look-up cache).
 */
export function createTokenSource(config: GoogleConfig, ctx: PluginContext) {
  const oauth = createHttpClient({
    name: "Google OAuth", baseUrl: config.tokenUrl, retries: 2,
    classify: (res) => {
      if (res.status < 300) return undefined;
      const j = res.json as { error?: string; error_description?: string } | undefined;
      if (j?.error === "invalid_grant" || j?.error === "invalid_client" || j?.error === "unauthorized_client") {
        return new AuthFailed(`Google OAuth refused the refresh token (${j.error}: ${j.error_description ?? ""})`, { status: res.status });
      }
      return undefined;
    },
  }, ctx);
  const fetchToken = async () => {
    const { data } = await oauth.request<{ access_token?: string; expires_in?: number }>(config.tokenUrl, {
      method: "POST",
      form: { grant_type: "refresh_token", client_id: config.clientId, client_secret: config.clientSecret, refresh_token: config.refreshToken },
    });
    if (!data?.access_token) throw new AuthFailed("Google OAuth answered without an access_token");
    // Refresh a minute early so a token never expires between fetching it and using it.
    return { value: data.access_token, expiresAt: Date.now() + Math.max(0, (data.expires_in ?? 3600) - 60) * 1000 };
  };
  let token: { value: string; expiresAt: number } | undefined;
  return {
    async get(): Promise<string> {
      if (token && Date.now() < token.expiresAt) return token.value;
      let fresh = false;
      token = await cached(ctx, TOKEN_KEY, () => { fresh = true; return fetchToken(); });
      // Another stream's token from earlier in the run may have run out since.
      if (!fresh && Date.now() >= token.expiresAt) {
        ctx.cache?.delete(TOKEN_KEY);
        token = await cached(ctx, TOKEN_KEY, fetchToken);
      }
      return token.value;
    },
    invalidate() { token = undefined; ctx.cache?.delete(TOKEN_KEY); },
  };
}

/** The Google Ads REST client: fresh bearer token, developer-token and login-customer-id headers, GoogleAdsFailure mapping. */
export function createGoogleClient(config: GoogleConfig, ctx: PluginContext): HttpClient {
  const tokens = createTokenSource(config, ctx);
  let expiredInARow = 0;
  const maxWaitMs = Math.min(ctx.maxWaitMs ?? Infinity, config.maxQuotaWaitSeconds * 1000);
  return createHttpClient({
    name: NAME,
    baseUrl: `${config.baseUrl.replace(/\/$/, "")}/${config.apiVersion}/`,
    headers: async () => ({
      authorization: `Bearer ${await tokens.get()}`,
      "developer-token": config.developerToken,
      ...(config.loginCustomerId ? { "login-customer-id": config.loginCustomerId } : {}),
    }),
    classify: (res): Verdict => {
      const v: Verdict = classifyGoogle(res);
      if (v instanceof TokenExpired) {
        tokens.invalidate();
        // A token refreshed a moment ago and already rejected will not get better: the grant is gone.
        if (++expiredInARow > 1) return new AuthFailed(v.message.replace(/ This is usually temporary.*$/, ""), { status: v.status });
        return v;
      }
      if (v === undefined || v === "ok") expiredInARow = 0;
      return v as PluginError | undefined;
    },
  }, { ...ctx, maxWaitMs: Number.isFinite(maxWaitMs) ? maxWaitMs : undefined });
}
