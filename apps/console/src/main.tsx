import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import { ApiError, getJson, type Me } from './api';
import { href, navigate, useRoute } from './route';
import { SessionContext, storedKey, storeKey, type Session } from './session';
import './styles.css';
import { DecisionView } from './views/decision';
import { DecisionsView } from './views/decisions';
import { ErrorBox } from './views/error-box';
import { SignIn } from './views/sign-in';
import { TrendsView } from './views/trends';

function App() {
  const route = useRoute();
  const [key, setKey] = useState<string | null>(storedKey);
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<string | undefined>();
  const [failure, setFailure] = useState<ApiError | undefined>();

  // A key kept from earlier in this tab: check it is still accepted.
  useEffect(() => {
    if (!key || me) return;
    getJson<Me>(key, '/v1/me').then(setMe, (e: unknown) => {
      if (e instanceof ApiError && e.kind === 'unauthorized') {
        storeKey(null);
        setKey(null);
        setNotice(e.message);
      } else {
        setFailure(e instanceof ApiError ? e : new ApiError('unavailable', String(e), 0));
      }
    });
  }, [key, me]);

  const session = useMemo<Session | null>(
    () =>
      key && me
        ? {
            key,
            me,
            signOut: (reason?: string) => {
              storeKey(null);
              setKey(null);
              setMe(null);
              setNotice(reason);
            },
          }
        : null,
    [key, me],
  );

  if (!key) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(k, who) => {
          storeKey(k);
          setNotice(undefined);
          setFailure(undefined);
          setKey(k);
          setMe(who);
        }}
      />
    );
  }
  if (!session) {
    return (
      <main class="page narrow" id="main">
        {failure ? (
          <>
            <ErrorBox error={failure} />
            <p>
              <button type="button" onClick={() => location.reload()}>
                Retry
              </button>{' '}
              <button type="button" onClick={() => (storeKey(null), setKey(null))}>
                Use another key
              </button>
            </p>
          </>
        ) : (
          <p aria-busy="true">Checking your key…</p>
        )}
      </main>
    );
  }

  const view = route.path[0] ?? 'decisions';
  if (route.path.length === 0) navigate(['decisions'], undefined, true);
  const listParams = new URLSearchParams(route.params);
  for (const k of ['cursor', 'trail', 'groupBy', 'bucket']) listParams.delete(k);

  return (
    <SessionContext.Provider value={session}>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">Ticket router · audit</strong>
        <nav aria-label="Views">
          <a
            href={href(['decisions'], view === 'trends' ? listParams : undefined)}
            aria-current={
              view === 'decisions' || view === 'rows' || view === 'events' ? 'page' : undefined
            }
          >
            Decisions
          </a>
          <a
            href={href(['trends'], view === 'decisions' ? listParams : undefined)}
            aria-current={view === 'trends' ? 'page' : undefined}
          >
            Trends
          </a>
        </nav>
        <span class="who" data-testid="who">
          {session.me.name} · <span class={`role role-${session.me.role}`}>{session.me.role}</span>
          {session.me.personalData ? ' · sees personal data' : ' · personal data hidden'}
        </span>
        <button type="button" class="link" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      <main class="page" id="main" tabIndex={-1}>
        {view === 'trends' ? (
          <TrendsView params={route.params} />
        ) : view === 'rows' || view === 'events' ? (
          <DecisionView by={view === 'rows' ? 'id' : 'eventId'} value={route.path[1] ?? ''} />
        ) : (
          <DecisionsView params={route.params} />
        )}
      </main>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
