// A list read a page at a time from a resolver that answers { items, nextCursor }: the first page, read
// again when its inputs change; "Load more"; and the loading, error and empty states around it.
import Button from '@atlaskit/button/new';
import { Box, Stack } from '@atlaskit/primitives';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

import { asResolverError, type ResolverError } from './api';
import { ErrorMessageBox, Loading } from './states';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Paged<T> {
  items: T[];
  /** The next page's cursor, while there is one. */
  cursor?: string;
  loading: boolean;
  error?: ResolverError;
  /** Reads the first page again; the items shown stay until it answers. */
  reload: () => void;
  /** Reads the next page and appends it. */
  loadMore: () => void;
}

/**
 * Reads the first page with `fetchPage(undefined)`, and again from scratch whenever `deps` change;
 * answers for earlier `deps` are dropped.
 */
export function usePaged<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: unknown[],
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError>();
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const load = useCallback(async (next: string | undefined) => {
    const mine = generation.current;
    const live = () => mine === generation.current;
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchRef.current(next);
      if (!live()) return;
      setItems((prev) => (next ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      if (live()) setError(asResolverError(err));
    } finally {
      if (live()) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    void load(undefined);
    return () => {
      generation.current += 1;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return {
    items,
    cursor,
    loading,
    error,
    reload: () => void load(undefined),
    loadMore: () => void load(cursor),
  };
}

/**
 * A paged list's states: loading, could not load (with Try again), `empty`; then `children` with, under
 * them, why the next page could not be read and "Load more" (or `end` once every page is read).
 */
export function PagedView<T>({
  paged,
  loadingLabel,
  errorTitle,
  empty,
  moreLabel,
  moreErrorTitle,
  end = null,
  children,
}: {
  paged: Paged<T>;
  loadingLabel: string;
  errorTitle: string;
  empty: ReactNode;
  moreLabel: string;
  moreErrorTitle: string;
  end?: ReactNode;
  children: ReactNode;
}) {
  const { items, cursor, loading, error } = paged;
  if (loading && items.length === 0) return <Loading label={loadingLabel} />;
  if (error && items.length === 0)
    return <ErrorMessageBox title={errorTitle} error={error} onRetry={paged.reload} />;
  if (items.length === 0) return <>{empty}</>;
  return (
    <Stack space="space.200">
      {children}
      {error ? (
        <ErrorMessageBox title={moreErrorTitle} error={error} onRetry={paged.loadMore} />
      ) : null}
      {cursor ? (
        <Box>
          <Button onClick={paged.loadMore} isLoading={loading}>
            {moreLabel}
          </Button>
        </Box>
      ) : (
        end
      )}
    </Stack>
  );
}
