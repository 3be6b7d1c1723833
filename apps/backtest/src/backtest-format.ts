import { BacktestSummary, ChangedDecision } from './backtest-tally';

export interface BacktestQuery {
  from: string;
  to: string;
  filters: Record<string, string>;
  catalog: string;
}

/** The readable report: counts, the party/target matrix, the rules and the samples. */
export function renderTable(query: BacktestQuery, s: BacktestSummary): string {
  const out: string[] = [];
  const n = (value: number) => value.toLocaleString('en-US');
  const filters = Object.entries(query.filters).map(([k, v]) => `${k}=${v}`);
  out.push(
    `backtest of audit_events ${query.from} .. ${query.to}${filters.length ? ` (${filters.join(', ')})` : ''}`,
    `catalog ${query.catalog}; rules now ${s.ruleSetVersions.after || '(none decided)'}, stored ${
      Object.entries(s.ruleSetVersions.before)
        .map(([v, c]) => `${v} ×${n(c)}`)
        .join(', ') || '-'
    }`,
    '',
  );
  const skipped = Object.entries(s.skipped).map(([k, v]) => `${k} ${n(v)}`);
  const share = s.decided ? ` (${((100 * s.changed) / s.decided).toFixed(2)}%)` : '';
  out.push(
    `rows read ${n(s.rowsRead)}; decided again ${n(s.decided)}; changed ${n(s.changed)}${share}; ` +
      `skipped ${skipped.length ? skipped.join(', ') : '0'}`,
  );
  const parts = Object.entries(s.changedParts).map(([k, v]) => `${k} ${n(v)}`);
  if (parts.length) out.push(`changed parts: ${parts.join(', ')}`);

  const froms = Object.keys(s.matrix);
  const tos = [...new Set(froms.flatMap((f) => Object.keys(s.matrix[f])))].sort();
  if (froms.length) {
    out.push('', 'party/target type: stored (rows) -> decided now (columns)');
    const header = ['', ...tos];
    const rows = froms.map((f) => [f, ...tos.map((t) => n(s.matrix[f][t] ?? 0))]);
    out.push(...grid([header, ...rows]));
  }
  const rules = Object.entries(s.rules);
  if (rules.length) {
    out.push('', 'decisions per rule');
    out.push(
      ...grid([
        ['rule', 'stored', 'now', 'delta'],
        ...rules.map(([rule, c]) => [
          rule,
          n(c.before),
          n(c.after),
          c.after === c.before ? '0' : `${c.after > c.before ? '+' : ''}${n(c.after - c.before)}`,
        ]),
      ]),
    );
  }
  if (s.samples.length) {
    out.push('', `changed decisions (${s.samples.length} of ${n(s.changed)})`);
    for (const c of s.samples) out.push(...sampleLines(c));
  }
  return out.join('\n') + '\n';
}

function sampleLines(c: ChangedDecision): string[] {
  const side = (d: ChangedDecision['before']) =>
    `${d.party}/${d.targetType} ${d.targetId} ${d.ruleId} ${d.category} (${d.categorySource})` +
    (d.escalation ? ` escalation ${d.escalation}` : '');
  return [
    `- ticket ${c.ticketId ?? '?'} (event ${c.eventId ?? '?'}, row ${c.rowId}, ${c.decidedAt}): ${c.changed.join(', ')}`,
    `    stored: ${side(c.before)}`,
    `            ${c.before.rationale}`,
    `    now:    ${side(c.after)}`,
    `            ${c.after.rationale}`,
  ];
}

function grid(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map(
    (r) =>
      '  ' +
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
  );
}

export const CSV_COLUMNS = [
  'rowId',
  'eventId',
  'ticketId',
  'source',
  'decidedAt',
  'changed',
  'partyBefore',
  'targetTypeBefore',
  'targetIdBefore',
  'escalationBefore',
  'categoryBefore',
  'ruleIdBefore',
  'partyAfter',
  'targetTypeAfter',
  'targetIdAfter',
  'escalationAfter',
  'categoryAfter',
  'ruleIdAfter',
  'rationaleBefore',
  'rationaleAfter',
] as const;

/** One CSV line (RFC 4180 quoting) per changed decision. */
export function csvLine(c: ChangedDecision): string {
  const b = c.before;
  const a = c.after;
  return [
    c.rowId,
    c.eventId,
    c.ticketId,
    c.source,
    c.decidedAt,
    c.changed.join(' '),
    b.party,
    b.targetType,
    b.targetId,
    b.escalation,
    b.category,
    b.ruleId,
    a.party,
    a.targetType,
    a.targetId,
    a.escalation,
    a.category,
    a.ruleId,
    b.rationale,
    a.rationale,
  ]
    .map(csvCell)
    .join(',');
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  // A leading = + - @ would be a formula to a spreadsheet: quote it as text.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
