import { AuthFailed } from "../errors.js";
import { createHttpClient, type HttpClient, type HttpResponse, type Verdict } from "../http.js";
import type { PluginContext } from "../types.js";
import type { KlaviyoConfig } from "./klaviyo-config.js";

/** A JSON:API error list, as Klaviyo sends it. */
interface KlaviyoErrors { errors?: { status?: number; code?: string; title?: string; detail?: string }[] }

/** 401/403 are configuration errors (bad key or missing scope); the detail Klaviyo sends says which. */
export function classifyKlaviyo(res: HttpResponse): Verdict {
  if (res.status !== 401 && res.status !== 403) return undefined;
  const detail = (res.json as KlaviyoErrors | undefined)?.errors?.[0]?.detail ?? "";
  const what = res.status === 401 ? "rejected the private API key" : "refused the private API key for this endpoint (missing scope)";
  return new AuthFailed(`Klaviyo ${what} on ${res.target} (HTTP ${res.status}${detail ? `: ${detail.slice(0, 200)}` : ""})`, { status: res.status });
}

/** The client for Klaviyo's JSON:API: `Authorization: Klaviyo-API-Key …` and the `revision` header on every call. */
export function createKlaviyoClient(config: KlaviyoConfig, ctx: PluginContext, opts: { retries?: number } = {}): HttpClient {
  return createHttpClient({
    name: "Klaviyo",
    baseUrl: config.baseUrl,
    headers: { authorization: `Klaviyo-API-Key ${config.apiKey}`, revision: config.revision, accept: "application/vnd.api+json" },
    classify: classifyKlaviyo,
    retries: opts.retries,
  }, ctx);
}

/** A JSON:API list page. */
export interface JsonApiPage<T> { data: T[]; included?: T[]; links?: { next?: string | null } }

/** Every page of a JSON:API list, following `links.next` (absolute URLs). */
export async function* jsonApiPages<T>(http: HttpClient, path: string, query?: Record<string, string>): AsyncGenerator<JsonApiPage<T>> {
  let next: string | null | undefined = path;
  let first = true;
  while (next) {
    const page: JsonApiPage<T> = await http.get<JsonApiPage<T>>(next, first ? query : undefined);
    first = false;
    yield page;
    next = page.links?.next;
  }
}
