import { createSignal } from "solid-js";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A list read page by page (DESIGN §6 cursors): reload() starts over, loadMore() appends the next page.
 * Answers to superseded requests are dropped, so a fast typist never sees an older search's rows.
 */
export function createPagedList<T, P extends Page<T> = Page<T>>(fetchPage: (cursor: string | undefined) => Promise<P>) {
  const [items, setItems] = createSignal<T[]>([]);
  const [nextCursor, setNextCursor] = createSignal<string | null>(null);
  const [lastPage, setLastPage] = createSignal<P>();
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let generation = 0;

  async function run(cursor: string | undefined) {
    const mine = cursor === undefined ? ++generation : generation;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(cursor);
      if (mine !== generation) return;
      setItems((old) => (cursor === undefined ? page.items : [...old, ...page.items]));
      setNextCursor(page.nextCursor);
      setLastPage(() => page);
    } catch (e) {
      if (mine === generation) setError(e);
    } finally {
      if (mine === generation) setLoading(false);
    }
  }

  return {
    items,
    /** replace one row in place (after a PATCH) */
    setItems,
    nextCursor,
    lastPage,
    loading,
    error,
    reload: () => run(undefined),
    loadMore: () => {
      const cursor = nextCursor();
      return cursor ? run(cursor) : Promise.resolve();
    },
  };
}
