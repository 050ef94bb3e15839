// Loads data for a view: { data, loading, error, reload }.
import { useCallback, useEffect, useRef, useState } from 'react';

import { asResolverError, type ResolverError } from './api';

export interface Load<T> {
  data?: T;
  loading: boolean;
  /** Why the last load failed: its code decides what the page offers (ErrorMessageBox). */
  error?: ResolverError;
  reload: () => Promise<void>;
  setData: (data: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Load<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ResolverError>();
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const next = await loadRef.current();
      if (mine === seq.current) setData(next);
    } catch (err) {
      if (mine === seq.current) setError(asResolverError(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, loading, error, reload, setData };
}

/** A value that follows `value` after it has been still for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
