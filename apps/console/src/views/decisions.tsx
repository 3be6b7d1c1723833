import { useState } from 'preact/hooks';
import { ApiError, download, query, type DecisionPage, type Stats } from '../api';
import { autoBucket, filtersFrom, formatTime, toParams, withRange, type Filters } from '../filters';
import { href, navigate } from '../route';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ErrorBox } from './error-box';
import { FilterForm } from './filter-form';

const PAGE_SIZE = 50;

function paramsObject(p: URLSearchParams): Record<string, string> {
  return Object.fromEntries(p.entries());
}

export function DecisionsView({ params }: { params: URLSearchParams }) {
  const raw = filtersFrom(params);
  const filters = withRange(raw);
  if (raw.from !== filters.from || raw.to !== filters.to) {
    // Give the view an explicit range in the URL: the link then shows the same rows later.
    navigate(['decisions'], toParams(filters), true);
  }
  const cursor = params.get('cursor') ?? undefined;
  // Cursors of the pages between the first and this one, for "Newer".
  const trail = (params.get('trail') ?? '').split(',').filter(Boolean);

  const filterParams = paramsObject(toParams(filters));
  const page = useApi<DecisionPage>(
    `/v1/decisions${query({ ...filterParams, limit: String(PAGE_SIZE), cursor })}`,
  );
  const totals = useApi<Stats>(
    `/v1/stats${query({ ...filterParams, groupBy: 'outcome', bucket: autoBucket(filters), top: '10' })}`,
  );

  const go = (c: string | undefined, t: string[]) =>
    navigate(
      ['decisions'],
      toParams(filters, { cursor: c, trail: c && t.length ? t.join(',') : undefined }),
    );
  const pageNumber = cursor ? trail.length + 2 : 1;

  return (
    <>
      <h1>Decisions</h1>
      <FilterForm
        filters={filters}
        onApply={(f: Filters) => navigate(['decisions'], toParams(withRange(f)))}
      />
      <section class="summary" aria-live="polite">
        {totals.data && (
          <p data-testid="match-total">
            <strong>{totals.data.total.toLocaleString('en')}</strong> decisions match from{' '}
            {formatTime(totals.data.from)} to {formatTime(totals.data.to)}
            {totals.data.series.length > 0 && ': '}
            {totals.data.series.map((s, i) => (
              <span key={String(s.key)}>
                {i > 0 && ', '}
                {s.total.toLocaleString('en')} {s.key ?? 'none'}
              </span>
            ))}
            . <a href={href(['trends'], toParams(filters))}>Trends for these filters</a>
          </p>
        )}
        {totals.error && <ErrorBox error={totals.error} />}
      </section>
      <ExportButtons filters={filters} />
      {page.error && <ErrorBox error={page.error} />}
      {page.data && (
        <>
          <div class="table-wrap" aria-busy={page.loading}>
            <table class="decisions" aria-label={`Decisions, page ${pageNumber}`}>
              <thead>
                <tr>
                  <th scope="col">Decided (UTC)</th>
                  <th scope="col">Ticket</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Party</th>
                  <th scope="col">Target</th>
                  <th scope="col">Category</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Review</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((d) => (
                  <tr key={d.id} data-testid="decision-row">
                    <td>
                      <a href={href(['rows', d.id])}>{formatTime(d.decidedAt)}</a>
                    </td>
                    <td>
                      {d.ticketId ? `${d.source ?? '?'} / ${d.ticketId}` : <em>unreadable</em>}
                    </td>
                    <td>
                      <span class={`pill outcome-${d.outcome}`}>{d.outcome}</span>
                    </td>
                    <td>{d.party ?? '—'}</td>
                    <td>{d.targetType ? `${d.targetType}: ${d.targetId}` : '—'}</td>
                    <td>
                      {d.category ?? '—'}
                      {d.categorySource && <span class="muted"> ({d.categorySource})</span>}
                    </td>
                    <td>{d.ruleId ?? '—'}</td>
                    <td>{d.needsReview ? <span class="pill review">review</span> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.data.items.length === 0 && <p>No decisions match these filters.</p>}
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={!cursor} onClick={() => go(undefined, [])}>
              Newest
            </button>
            <button
              type="button"
              disabled={!cursor}
              onClick={() => go(trail[trail.length - 1] || undefined, trail.slice(0, -1))}
            >
              ← Newer
            </button>
            <span>Page {pageNumber}</span>
            <button
              type="button"
              disabled={!page.data.nextCursor}
              onClick={() => go(page.data!.nextCursor!, cursor ? [...trail, cursor] : [])}
            >
              Older →
            </button>
          </nav>
        </>
      )}
      {page.loading && !page.data && <p aria-busy="true">Loading…</p>}
    </>
  );
}

/** The export's extra columns; `requester` only for roles that see personal data. */
function extras(rationale: boolean, requester: boolean): string | undefined {
  const list = [rationale ? 'rationale' : '', requester ? 'requester' : ''].filter(Boolean);
  return list.length ? list.join(',') : undefined;
}

/** CSV and NDJSON of every row the filters match (the API streams it; the tab saves it). */
export function ExportButtons({ filters }: { filters: Filters }) {
  const session = useSession();
  const [rationale, setRationale] = useState(false);
  const [requester, setRequester] = useState(false);
  const [state, setState] = useState<{ busy?: string; done?: string; error?: ApiError }>({});
  const run = async (format: 'csv' | 'ndjson') => {
    setState({ busy: format });
    try {
      const path = `/v1/exports/decisions${query({ ...paramsObject(toParams(filters)), format, include: extras(rationale, requester) })}`;
      const name = await download(session.key, path, `decisions.${format}`);
      setState({ done: name });
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('unavailable', String(e), 0);
      if (error.kind === 'unauthorized') session.signOut(error.message);
      setState({ error });
    }
  };
  return (
    <section class="exports" aria-label="Export">
      <span>Export these decisions:</span>
      <button type="button" disabled={!!state.busy} onClick={() => void run('csv')}>
        {state.busy === 'csv' ? 'Exporting…' : 'CSV'}
      </button>
      <button type="button" disabled={!!state.busy} onClick={() => void run('ndjson')}>
        {state.busy === 'ndjson' ? 'Exporting…' : 'NDJSON'}
      </button>
      <label class="inline">
        <input
          type="checkbox"
          checked={rationale}
          onChange={(e) => setRationale(e.currentTarget.checked)}
        />{' '}
        with rationale
      </label>
      {session.me.personalData && (
        <label class="inline">
          <input
            type="checkbox"
            checked={requester}
            onChange={(e) => setRequester(e.currentTarget.checked)}
          />{' '}
          with requester e-mail and tenant id
        </label>
      )}
      <span aria-live="polite" class="muted">
        {state.done && `Saved ${state.done}.`}
      </span>
      {state.error && <ErrorBox error={state.error} />}
    </section>
  );
}
