// The key is kept for this tab only (sessionStorage): closing the tab signs out, another tab
// asks again, and nothing is written to disk by the page.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './api';

const STORAGE_KEY = 'audit-console.api-key';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, key);
  } catch {
    // Storage refused (private mode): the key lives in memory until reload.
  }
}

export interface Session {
  key: string;
  me: Me;
  /** Forget the key; with a reason when the API refused it. */
  signOut(reason?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('no session');
  return session;
}
