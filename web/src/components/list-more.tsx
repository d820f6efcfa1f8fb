/** The largest page the API serves (`first` at most 200). */
export const MAX_PAGE = 200;

/** Under a paged list: "newest n of total", with a button asking for more while a page can hold them. */
export function ListMore({ shown, total, onMore }: { shown: number; total: number; onMore: () => void }) {
  if (total <= shown) return null;
  return (
    <p class="muted" data-testid="list-more">
      Showing the newest {shown} of {total}.{" "}
      {shown < MAX_PAGE && <button type="button" class="secondary" onClick={onMore}>Show more</button>}
    </p>
  );
}

/** The next page size after "Show more". */
export const more = (first: number) => Math.min(first + 50, MAX_PAGE);
