import { useMemo } from 'preact/hooks';
import { query, type Stats, type TopTargets } from '../api';
import {
  autoBucket,
  BUCKETS,
  bucketFits,
  filtersFrom,
  formatTime,
  GROUP_BYS,
  toParams,
  withRange,
  type Filters,
} from '../filters';
import { href, navigate } from '../route';
import { useApi } from '../use-api';
import { PALETTE, TimeChart, type ChartSeries } from './chart';
import { ExportButtons } from './decisions';
import { ErrorBox } from './error-box';
import { FilterForm } from './filter-form';

const TOP = 10;

/** The list filter that a series key stands for (a target key is "type:id"). */
function filterFor(groupBy: string, key: string | null): Filters | undefined {
  if (key === null) return undefined;
  switch (groupBy) {
    case 'party':
      return { party: key };
    case 'category':
      return { category: key };
    case 'rule':
      return { ruleId: key };
    case 'outcome':
      return { outcome: key };
    case 'target': {
      const i = key.indexOf(':');
      return { targetType: key.slice(0, i), targetId: key.slice(i + 1) };
    }
    default:
      return undefined;
  }
}

export function TrendsView({ params }: { params: URLSearchParams }) {
  const raw = filtersFrom(params);
  const filters = withRange(raw);
  const groupBy = GROUP_BYS.find((g) => g === params.get('groupBy')) ?? 'party';
  const wanted = BUCKETS.find((b) => b === params.get('bucket'));
  const bucket = wanted && bucketFits(wanted, filters) ? wanted : autoBucket(filters);
  const extra = { groupBy, bucket };
  if (raw.from !== filters.from || raw.to !== filters.to)
    navigate(['trends'], toParams(filters, extra), true);

  const f = Object.fromEntries(toParams(filters).entries());
  const stats = useApi<Stats>(`/v1/stats${query({ ...f, groupBy, bucket, top: String(TOP) })}`);
  const top = useApi<TopTargets>(`/v1/stats/top-targets${query({ ...f, limit: '10' })}`);

  const s = stats.data;
  const chartSeries = useMemo<ChartSeries[]>(
    () =>
      s
        ? [
            ...s.series.map((x) => ({ label: x.key ?? '(none)', counts: x.counts })),
            ...(s.rest ? [{ label: 'all others', counts: s.rest.counts }] : []),
          ]
        : [],
    [s],
  );
  const setView = (changes: Record<string, string>) =>
    navigate(['trends'], toParams(filters, { ...extra, ...changes }));

  return (
    <>
      <h1>Trends</h1>
      <FilterForm
        filters={filters}
        onApply={(nf) => navigate(['trends'], toParams(withRange(nf), extra))}
      />
      <div class="toolbar">
        <label>
          Count by
          <select
            name="groupBy"
            value={groupBy}
            onChange={(e) => setView({ groupBy: e.currentTarget.value })}
          >
            {GROUP_BYS.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label>
          Per
          <select
            name="bucket"
            value={bucket}
            onChange={(e) => setView({ bucket: e.currentTarget.value })}
          >
            {BUCKETS.map((b) => (
              <option key={b} value={b} disabled={!bucketFits(b, filters)}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <a href={href(['decisions'], toParams(filters))}>List these decisions</a>
      </div>
      {stats.error && <ErrorBox error={stats.error} />}
      {s && (
        <section aria-labelledby="chart-title">
          <h2 id="chart-title">
            Decisions per {s.groupBy} per {s.bucket}
          </h2>
          <p data-testid="stats-total">
            <strong>{s.total.toLocaleString('en')}</strong> decisions from {formatTime(s.from)} to{' '}
            {formatTime(s.to)}
          </p>
          <TimeChart
            buckets={s.buckets}
            series={chartSeries}
            title={`Line chart of decisions per ${s.groupBy} per ${s.bucket}; totals in the table below.`}
          />
        </section>
      )}
      <div class="columns even">
        {s && (
          <div class="table-wrap">
            <table class="totals" data-testid="series-totals">
              <caption>Totals per {s.groupBy}</caption>
              <thead>
                <tr>
                  <th scope="col">{s.groupBy}</th>
                  <th scope="col" class="num">
                    decisions
                  </th>
                  <th scope="col" class="num">
                    share
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.series.map((x, i) => {
                  const to = filterFor(s.groupBy, x.key);
                  return (
                    <tr key={String(x.key)}>
                      <th scope="row">
                        <span class="swatch" data-color={i % PALETTE.length} aria-hidden="true" />
                        {to ? (
                          <a href={href(['decisions'], toParams({ ...filters, ...to }))}>{x.key}</a>
                        ) : (
                          '(none)'
                        )}
                      </th>
                      <td class="num">{x.total.toLocaleString('en')}</td>
                      <td class="num">
                        {s.total ? ((100 * x.total) / s.total).toFixed(1) : '0.0'} %
                      </td>
                    </tr>
                  );
                })}
                {s.rest && (
                  <tr>
                    <th scope="row">all others</th>
                    <td class="num">{s.rest.total.toLocaleString('en')}</td>
                    <td class="num">
                      {s.total ? ((100 * s.rest.total) / s.total).toFixed(1) : '0.0'} %
                    </td>
                  </tr>
                )}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">total</th>
                  <td class="num" data-testid="series-sum">
                    {s.total.toLocaleString('en')}
                  </td>
                  <td class="num">100 %</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        <section aria-labelledby="top-title">
          <h2 id="top-title">Top targets</h2>
          {top.error && <ErrorBox error={top.error} />}
          {top.data && (
            <div class="table-wrap">
              <table class="totals" data-testid="top-targets">
                <thead>
                  <tr>
                    <th scope="col">target</th>
                    <th scope="col" class="num">
                      decisions
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {top.data.targets.map((t) => (
                    <tr key={`${t.targetType}:${t.targetId}`}>
                      <th scope="row">
                        <a
                          href={href(
                            ['decisions'],
                            toParams({
                              ...filters,
                              targetType: t.targetType,
                              targetId: t.targetId,
                            }),
                          )}
                        >
                          {t.targetType}: {t.targetId}
                        </a>
                      </th>
                      <td class="num">{t.count.toLocaleString('en')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {top.data.targets.length === 0 && <p>No routed decisions in this range.</p>}
            </div>
          )}
        </section>
      </div>
      <ExportButtons filters={filters} />
    </>
  );
}
