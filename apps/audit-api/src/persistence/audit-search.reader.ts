import { Injectable, Scope } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { filtersToSql, searchPlan } from './audit-filters.sql';
import { AuditRecord, AuditRecordSummary, DecisionFilters, PageCursor } from './audit-record';
import { NEWEST_FIRST, RECORD, SUMMARY } from './audit-row-columns';
import { AuditScope } from './audit-scope';

type Row = Record<string, unknown>;

/**
 * Searches and look-ups of decisions: filtered pages, an event's rows, a row by id, a
 * ticket's history. SELECT statements only, every value a placeholder (see filtersToSql),
 * each narrowed to the caller's target (AuditScope).
 */
@Injectable({ scope: Scope.REQUEST })
export class AuditSearchReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scope: AuditScope,
  ) {}

  /**
   * Up to `limit` rows after `cursor`, newest first. The page's ids are found first, in the
   * index alone (ordering included), and only then are those rows read: a filter whose rows
   * must be sorted (a target id of any type) sorts index entries, not whole rows.
   */
  async findPage(
    requested: DecisionFilters,
    limit: number,
    cursor?: PageCursor,
  ): Promise<AuditRecordSummary[]> {
    const filters = this.scope.filters(requested);
    if (!filters) return [];
    const plan = searchPlan(filters);
    const where = filtersToSql(plan.filters, cursor);
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY.select('a')}
         FROM (SELECT id FROM audit_events ${plan.hint} ${where.sql} ${NEWEST_FIRST} LIMIT ?) AS page
         JOIN audit_events AS a ON a.id = page.id
        ORDER BY a.decided_at DESC, a.id DESC`,
      [...where.params, limit],
    );
    return rows.map((row) => SUMMARY.fromRow(row));
  }

  /** Every row of one event id (a routed row and its duplicates, or rejected inputs). */
  async findByEventId(eventId: string, limit: number): Promise<AuditRecord[]> {
    const scope = this.scope.sql();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RECORD.select()} FROM audit_events
        WHERE event_id = ? AND LENGTH(event_id) = ?${scope.sql} ORDER BY id LIMIT ?`,
      [eventId, Buffer.byteLength(eventId, 'utf8'), ...scope.params, limit],
    );
    return rows.map((row) => RECORD.fromRow(row));
  }

  async findById(id: string): Promise<AuditRecord | undefined> {
    const scope = this.scope.sql();
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${RECORD.select()} FROM audit_events WHERE id = ?${scope.sql}`,
      [id, ...scope.params],
    );
    return rows.length ? RECORD.fromRow(rows[0]) : undefined;
  }

  /** One ticket's decisions, oldest first. */
  async findTicketHistory(
    source: string,
    ticketId: string,
    limit: number,
  ): Promise<AuditRecordSummary[]> {
    const scope = this.scope.sql();
    const ticket = filtersToSql({ source, ticketId });
    const where = { sql: ticket.sql + scope.sql, params: [...ticket.params, ...scope.params] };
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY.select()} FROM audit_events ${where.sql}
        ORDER BY decided_at, id LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map((row) => SUMMARY.fromRow(row));
  }
}
