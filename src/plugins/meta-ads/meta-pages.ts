import { BadUpstreamData } from "../errors.js";
import type { HttpClient, RequestOptions } from "../http.js";
import type { PluginContext } from "../types.js";
import { ReduceData } from "./meta-http.js";

/** A Graph API list body: `data` plus `paging.cursors.after` and, when another page exists, `paging.next`. */
export interface GraphPage<T> {
  data?: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

const MAX_PAGES = 100_000;

/**
 * Every item of a Graph list, page by page. Another page exists when `paging.next` is set; it is requested
 * again with `after` = `paging.cursors.after` (or by following `next` when there is no cursor), so `limit`
 * can be halved when Meta answers "Please reduce the amount of data you're asking for".
 */
export async function* graphPages<T>(http: HttpClient, path: string, query: RequestOptions["query"], limit: number, ctx: PluginContext): AsyncGenerator<T[]> {
  let after: string | undefined;
  let nextUrl: string | undefined;
  const seen = new Set<string>();
  for (let n = 0; n < MAX_PAGES; n++) {
    let body: GraphPage<T>;
    try {
      body = nextUrl ? await http.get<GraphPage<T>>(nextUrl) : await http.get<GraphPage<T>>(path, { ...query, limit, after });
    } catch (e) {
      if (!(e instanceof ReduceData) || limit <= 1 || nextUrl) throw e;
      limit = Math.max(1, Math.floor(limit / 2));
      ctx.logger.info({ limit }, "Meta Ads asked for less data per page; halving the page size");
      continue;
    }
    if (!Array.isArray(body?.data)) throw new BadUpstreamData(`Meta Ads returned a list without a data array for ${path}`);
    yield body.data;
    const next = body.paging?.next;
    if (!next) return;
    const cursor = body.paging?.cursors?.after;
    const token = cursor ?? next;
    if (seen.has(token)) throw new BadUpstreamData(`Meta Ads returned the same paging cursor twice for ${path}, which would loop forever`);
    seen.add(token);
    if (cursor) after = cursor;
    else nextUrl = next;
  }
  throw new BadUpstreamData(`Meta Ads kept paging past ${MAX_PAGES} pages for ${path}`);
}
