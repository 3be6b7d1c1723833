import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson } from './api';
import { useSession } from './session';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
}

/** GETs `path` (null: nothing to load) whenever it changes; a refused key signs out. */
export function useApi<T>(path: string | null): Loaded<T> {
  const session = useSession();
  const [state, setState] = useState<Loaded<T>>({ loading: path !== null });
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    getJson<T>(session.key, path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => {
        if (!live) return;
        const e = error instanceof ApiError ? error : new ApiError('unavailable', String(error), 0);
        if (e.kind === 'unauthorized') session.signOut(e.message);
        setState({ error: e, loading: false });
      },
    );
    return () => {
      live = false;
    };
  }, [path, session.key]);
  return state;
}
