import { Transform } from 'node:stream';
import { ExportRecord } from '../persistence/audit-record';

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_EXTRAS = ['rationale', 'requester'] as const;
export type ExportExtra = (typeof EXPORT_EXTRAS)[number];

/** Columns of every export, in order; `include` appends the extra ones. */
export const EXPORT_COLUMNS: (keyof ExportRecord)[] = [
  'id',
  'eventId',
  'source',
  'ticketId',
  'occurredAt',
  'receivedAt',
  'decidedAt',
  'outcome',
  'party',
  'targetType',
  'targetId',
  'category',
  'categorySource',
  'requesterRole',
  'ruleId',
  'clauses',
  'ruleSetVersion',
  'needsReview',
  'duplicateOfId',
  'inputTopic',
  'inputPartition',
  'inputOffset',
];
export const EXTRA_EXPORT_COLUMNS: Record<ExportExtra, (keyof ExportRecord)[]> = {
  rationale: ['rationale'],
  requester: ['requesterEmail', 'requesterTenantId'],
};

export function exportColumns(include: readonly ExportExtra[]): (keyof ExportRecord)[] {
  return [
    ...EXPORT_COLUMNS,
    ...EXPORT_EXTRAS.filter((e) => include.includes(e)).flatMap((e) => EXTRA_EXPORT_COLUMNS[e]),
  ];
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * Text that a spreadsheet would evaluate gets a leading apostrophe, which the spreadsheet
 * shows as text; the value is still readable by a person and by a script that strips it.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) text = value.join(' ');
  else if (typeof value === 'string') text = value;
  else text = JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Flushes lines in chunks of about this size: fewer, larger writes to the socket. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Turns batches of export records into CSV (header first) or NDJSON text. Batches lines into ~64 KiB
 * chunks; backpressure flows through: it asks for more records only as the response drains.
 */
export function createExportEncoder(
  format: ExportFormat,
  columns: readonly (keyof ExportRecord)[],
): Transform {
  let pending = format === 'csv' ? `${columns.join(',')}\r\n` : '';
  const line =
    format === 'csv'
      ? (r: ExportRecord) => `${columns.map((c) => csvCell(r[c])).join(',')}\r\n`
      : // The record's keys are already the columns, in order.
        (r: ExportRecord) => `${JSON.stringify(r)}\n`;
  return new Transform({
    writableObjectMode: true,
    readableObjectMode: false,
    writableHighWaterMark: 4,
    transform(records: ExportRecord[], _encoding, done) {
      for (const record of records) pending += line(record);
      if (pending.length >= CHUNK_BYTES) {
        const chunk = pending;
        pending = '';
        done(null, chunk);
      } else {
        done();
      }
    },
    flush(done) {
      done(null, pending.length ? pending : undefined);
    },
  });
}
