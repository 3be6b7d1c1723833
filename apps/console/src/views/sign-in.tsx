import { useState } from 'preact/hooks';
import { ApiError, getJson, type Me } from '../api';
import { ErrorBox } from './error-box';

export function SignIn({
  notice,
  onSignedIn,
}: {
  notice?: string;
  onSignedIn: (key: string, me: Me) => void;
}) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(
    notice ? new ApiError('unauthorized', notice, 401) : undefined,
  );

  const submit = async (e: Event) => {
    e.preventDefault();
    const k = key.trim();
    if (!k) return;
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(k, await getJson<Me>(k, '/v1/me'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unavailable', String(err), 0));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="page narrow signin" id="main">
      <h1>Audit console</h1>
      <p>
        Why did a ticket go where it went, and how is routing trending. Sign in with your audit API
        key (<code>npm run api-key</code>); it is kept for this browser tab only and sent to this
        server alone.
      </p>
      <form onSubmit={(e) => void submit(e)} aria-describedby="key-help">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          autoFocus
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <p id="key-help" class="hint">
          Analysts see requester e-mail and tenant id as “[redacted]”; keys with the pii or admin
          role see them.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error && <ErrorBox error={error} />}
    </main>
  );
}
