import { AuditColumnSet } from '@app/audit';
import { AuditRecord, AuditRecordSummary } from './audit-record';

/** A search result's columns (libs/audit AUDIT_COLUMNS): all but the dedup key and payload. */
export const SUMMARY = new AuditColumnSet<keyof AuditRecordSummary>([
  'id',
  'eventId',
  'source',
  'ticketId',
  'occurredAt',
  'receivedAt',
  'decidedAt',
  'inputTopic',
  'inputPartition',
  'inputOffset',
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
  'catalogVersion',
  'needsReview',
  'duplicateOfId',
]);

/** A record's columns: the summary's and the payload. */
export const RECORD = new AuditColumnSet<keyof AuditRecord>([
  ...SUMMARY.columns.map((c) => c.property as keyof AuditRecordSummary),
  'payload',
]);

/** Page order: newest first, ties broken by id. */
export const NEWEST_FIRST = 'ORDER BY decided_at DESC, id DESC';
