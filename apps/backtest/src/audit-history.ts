import { connectMysql } from '@app/audit';
import { databaseTls, IsDatabaseUrl, validateEnvironment, WithDatabaseTls } from '@app/config';
import { Connection, RowDataPacket } from 'mysql2/promise';
import { HistoryFilters } from './backtest-options';

/** The backtest's database settings: the router's names, TLS and *_FILE included. */
class BacktestDatabaseSettings extends WithDatabaseTls(class {}) {
  @IsDatabaseUrl()
  DATABASE_URL = 'mysql://root@127.0.0.1:3306/ticket_router';
}

export interface HistoryRow {
  id: string;
  outcome: string;
  decidedAt: Date;
  payload: unknown;
}

/**
 * Reads audit_events in keyset pages ordered by (decided_at, id): each page starts after the
 * last row of the one before, so memory holds one page (and the next, fetched while the
 * current one is decided) whatever the range. Values travel only as placeholders; ids compare
 * exactly (with their byte length: MySQL's PAD SPACE collations equate "a" and "a ").
 */
export class AuditHistory {
  private constructor(private readonly db: Connection) {}

  /** DATABASE_URL and the DATABASE_SSL settings, validated like the router's (names the bad one). */
  static async connect(env: Readonly<Record<string, string | undefined>>): Promise<AuditHistory> {
    const settings = validateEnvironment(BacktestDatabaseSettings, env);
    const db = await connectMysql(settings.DATABASE_URL, {
      useDatabase: true,
      ssl: databaseTls(settings),
      bigNumberStrings: true,
    });
    return new AuditHistory(db);
  }

  async close(): Promise<void> {
    await this.db.end();
  }

  async *pages(filters: HistoryFilters, pageSize: number): AsyncGenerator<HistoryRow[]> {
    const { sql, params } = whereOf(filters);
    const query = (after?: HistoryRow) => {
      const keyset = after ? ' AND decided_at >= ? AND (decided_at > ? OR id > ?)' : '';
      const values = after ? [...params, after.decidedAt, after.decidedAt, after.id] : params;
      return this.db
        .query<RowDataPacket[]>(
          `SELECT id, outcome, decided_at AS decidedAt, payload FROM audit_events
            WHERE ${sql}${keyset} ORDER BY decided_at, id LIMIT ${pageSize}`,
          values,
        )
        .then(([rows]) => rows as HistoryRow[]);
    };
    let next: Promise<HistoryRow[]> | null = query();
    while (next) {
      const page: HistoryRow[] = await next;
      // The next page is on its way while the caller decides this one.
      next = page.length === pageSize ? query(page[page.length - 1]) : null;
      if (page.length > 0) yield page;
    }
  }
}

export function whereOf(filters: HistoryFilters): { sql: string; params: unknown[] } {
  const where = ['decided_at >= ?', 'decided_at < ?'];
  const params: unknown[] = [filters.from, filters.to];
  const equals = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  const exactly = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ? AND LENGTH(${column}) = ?`);
    params.push(value, Buffer.byteLength(value, 'utf8'));
  };
  equals('party', filters.party);
  equals('target_type', filters.targetType);
  exactly('target_id', filters.targetId);
  equals('category', filters.category);
  exactly('rule_id', filters.ruleId);
  equals('outcome', filters.outcome);
  exactly('source', filters.source);
  return { sql: where.join(' AND '), params };
}
