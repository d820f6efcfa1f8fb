import { BadUpstreamData } from "./errors.js";
import type { HttpClient, RequestOptions } from "./http.js";

/** One fetched page: its items and its 1-based position. */
export interface PageOf<T> {
  items: T[];
  /** 1 for the first page. */
  index: number;
}

/** Safety net against an upstream that never stops paging. */
const DEFAULT_MAX_PAGES = 100_000;

/** Cursor paging (TikTok `page_info`, Google Ads `nextPageToken`): fetch until the cursor is empty. */
export async function* cursorPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next?: string | null }>,
  options: { maxPages?: number } = {},
): AsyncGenerator<PageOf<T>> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let index = 1; index <= (options.maxPages ?? DEFAULT_MAX_PAGES); index++) {
    const { items, next } = await fetchPage(cursor);
    yield { items, index };
    if (!next) return;
    if (seen.has(next)) throw new BadUpstreamData(`The platform returned the same page cursor twice (page ${index}), which would loop forever`);
    seen.add(next);
    cursor = next;
  }
}

/** Next-link paging (Meta `paging.next`, Klaviyo `links.next`): follow absolute URLs until there is none. */
export async function* nextLinkPages<T>(
  http: HttpClient,
  first: { path: string; query?: RequestOptions["query"] },
  pick: (body: unknown) => { items: T[]; next?: string | null },
  options: { maxPages?: number } = {},
): AsyncGenerator<PageOf<T>> {
  yield* cursorPages(async (next) => pick(next ? await http.get(next) : await http.get(first.path, first.query)), options);
}

/** Page-number paging (TikTok `page`, many REST APIs): count up until a short/empty page, `hasMore` false or `totalPages` reached. */
export async function* pageNumberPages<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; hasMore?: boolean; totalPages?: number }>,
  options: { start?: number; pageSize?: number; maxPages?: number } = {},
): AsyncGenerator<PageOf<T>> {
  const start = options.start ?? 1;
  for (let index = 1; index <= (options.maxPages ?? DEFAULT_MAX_PAGES); index++) {
    const page = start + index - 1;
    const { items, hasMore, totalPages } = await fetchPage(page);
    if (items.length > 0) yield { items, index };
    if (items.length === 0 || hasMore === false) return;
    if (totalPages !== undefined && page - start + 1 >= totalPages) return;
    if (options.pageSize !== undefined && items.length < options.pageSize) return;
  }
}
