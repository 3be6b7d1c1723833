import { Decision, SupportCatalog, SupportTicket, decide } from '@app/support-model';

/** The stored decision of one audit row, as its routed event's `routing` carries it. */
export interface StoredRouting {
  party: string;
  target: { type: string; id: string };
  escalation: { type: string; id: string }[];
  category: string;
  categorySource: string;
  ruleId: string;
  rationale: string;
  ruleSetVersion?: string;
}

/** A routed audit row's payload: the routed event, which holds the whole input. */
export interface StoredRoutedEvent extends SupportTicket {
  sourceEventId?: string;
  source?: string;
  ticket: SupportTicket['ticket'] & { id?: string };
  routing: StoredRouting;
}

export interface ChangedDecision {
  rowId: string;
  eventId: string | null;
  ticketId: string | null;
  source: string | null;
  decidedAt: string;
  /** Which parts of the decision differ: party, target, escalation, category, rule. */
  changed: string[];
  before: DecisionSummary;
  after: DecisionSummary;
}

export interface DecisionSummary {
  party: string;
  targetType: string;
  targetId: string;
  escalation: string;
  category: string;
  categorySource: string;
  ruleId: string;
  rationale: string;
}

export interface BacktestSummary {
  rowsRead: number;
  /** Routed rows decided again. */
  decided: number;
  changed: number;
  unchanged: number;
  /** Rows without a decidable stored input, by reason (rejected, duplicate, unreadable). */
  skipped: Record<string, number>;
  /** How often each part of the decision changed. */
  changedParts: Record<string, number>;
  /** "party/targetType" before -> after -> count, every decided row (the diagonal unchanged). */
  matrix: Record<string, Record<string, number>>;
  /** Decisions per rule id, as stored and as decided now. */
  rules: Record<string, { before: number; after: number }>;
  samples: ChangedDecision[];
  ruleSetVersions: { before: Record<string, number>; after: string };
}

export interface AuditRowInput {
  id: string;
  outcome: string;
  decidedAt: Date | string;
  /** The stored payload: parsed JSON, or its text (MariaDB stores JSON as LONGTEXT). */
  payload: unknown;
}

/**
 * Decides stored inputs again and counts what would change. Memory is bounded: counters keyed
 * by parties, target types and rule ids (a handful each), and at most `sampleLimit` samples.
 */
export class BacktestTally {
  private rowsRead = 0;
  private decided = 0;
  private changed = 0;
  private readonly skipped: Record<string, number> = {};
  private readonly changedParts: Record<string, number> = {};
  private readonly matrix = new Map<string, Map<string, number>>();
  private readonly rules = new Map<string, { before: number; after: number }>();
  private readonly versions = new Map<string, number>();
  private readonly samples: ChangedDecision[] = [];
  private afterVersion = '';

  constructor(
    private readonly catalog: SupportCatalog,
    private readonly sampleLimit = 20,
    private readonly onChange?: (change: ChangedDecision) => void,
  ) {}

  /** Reads one audit row; routed rows are decided again, the rest are counted as skipped. */
  add(row: AuditRowInput): void {
    this.rowsRead++;
    if (row.outcome !== 'routed') {
      this.skip(row.outcome);
      return;
    }
    const event = readPayload(row.payload);
    if (!event) {
      this.skip('unreadable');
      return;
    }
    const before = event.routing;
    const after = decide(event, this.catalog);
    this.decided++;
    this.afterVersion = after.ruleSetVersion;
    if (before.ruleSetVersion) {
      this.versions.set(before.ruleSetVersion, (this.versions.get(before.ruleSetVersion) ?? 0) + 1);
    }
    this.countRule(before.ruleId, 'before');
    this.countRule(after.ruleId, 'after');
    const from = `${before.party}/${before.target.type}`;
    const to = `${after.party}/${after.target.type}`;
    let cell = this.matrix.get(from);
    if (!cell) {
      cell = new Map();
      this.matrix.set(from, cell);
    }
    cell.set(to, (cell.get(to) ?? 0) + 1);

    const parts = differences(before, after);
    if (parts.length === 0) return;
    this.changed++;
    for (const part of parts) this.changedParts[part] = (this.changedParts[part] ?? 0) + 1;
    if (this.samples.length >= this.sampleLimit && !this.onChange) return;
    const change: ChangedDecision = {
      rowId: row.id,
      eventId: event.sourceEventId ?? null,
      ticketId: event.ticket.id ?? null,
      source: event.source ?? null,
      decidedAt: row.decidedAt instanceof Date ? row.decidedAt.toISOString() : row.decidedAt,
      changed: parts,
      before: summarizeStored(before),
      after: summarizeDecision(after),
    };
    if (this.samples.length < this.sampleLimit) this.samples.push(change);
    this.onChange?.(change);
  }

  summary(): BacktestSummary {
    const matrix: BacktestSummary['matrix'] = {};
    for (const from of [...this.matrix.keys()].sort()) {
      matrix[from] = Object.fromEntries(
        [...this.matrix.get(from)!.entries()].sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    const rules = Object.fromEntries(
      [...this.rules.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })),
    );
    return {
      rowsRead: this.rowsRead,
      decided: this.decided,
      changed: this.changed,
      unchanged: this.decided - this.changed,
      skipped: { ...this.skipped },
      changedParts: { ...this.changedParts },
      matrix,
      rules,
      samples: [...this.samples],
      ruleSetVersions: { before: Object.fromEntries(this.versions), after: this.afterVersion },
    };
  }

  private skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  private countRule(ruleId: string, when: 'before' | 'after'): void {
    let counts = this.rules.get(ruleId);
    if (!counts) {
      counts = { before: 0, after: 0 };
      this.rules.set(ruleId, counts);
    }
    counts[when]++;
  }
}

/** The routed event of a payload, or null when it is not one (hand-edited, truncated...). */
function readPayload(payload: unknown): StoredRoutedEvent | null {
  let value = payload;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    try {
      value = JSON.parse(value.toString()) as unknown;
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const event = value as Partial<StoredRoutedEvent>;
  const routing = event.routing;
  if (
    typeof event.ticket?.subject !== 'string' ||
    typeof event.requester?.role !== 'string' ||
    typeof event.product?.type !== 'string' ||
    typeof routing?.party !== 'string' ||
    typeof routing.target?.type !== 'string' ||
    typeof routing.ruleId !== 'string'
  ) {
    return null;
  }
  return event as StoredRoutedEvent;
}

/** The parts of the decision that differ; the rationale's wording and versions do not count. */
export function differences(before: StoredRouting, after: Decision): string[] {
  const parts: string[] = [];
  if (before.party !== after.party) parts.push('party');
  if (before.target.type !== after.target.type || before.target.id !== after.target.id) {
    parts.push('target');
  }
  if (escalationText(before.escalation) !== escalationText(after.escalation)) {
    parts.push('escalation');
  }
  if (before.category !== after.category || before.categorySource !== after.categorySource) {
    parts.push('category');
  }
  if (before.ruleId !== after.ruleId) parts.push('rule');
  return parts;
}

function escalationText(escalation: readonly { type: string; id: string }[] | undefined): string {
  return (escalation ?? []).map((e) => `${e.type}:${e.id}`).join(' > ');
}

function summarizeStored(r: StoredRouting): DecisionSummary {
  return {
    party: r.party,
    targetType: r.target.type,
    targetId: r.target.id,
    escalation: escalationText(r.escalation),
    category: r.category,
    categorySource: r.categorySource,
    ruleId: r.ruleId,
    rationale: r.rationale,
  };
}

function summarizeDecision(d: Decision): DecisionSummary {
  return summarizeStored(d);
}
