/** Every item of a paged list (`{<items>, hasMore, nextCursor}`), fetching page after page by cursor. */
export async function* everyItem<P extends { hasMore?: boolean; nextCursor?: string | null }, I>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly I[] | undefined,
  firstCursor?: string,
): AsyncGenerator<I> {
  let cursor = firstCursor;
  for (;;) {
    const page = await fetchPage(cursor);
    yield* itemsOf(page) ?? [];
    if (!page.hasMore || !page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
