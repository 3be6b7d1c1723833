import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { toDecisionFilters } from '../common/dto/decision-filters.query';
import { toSummaryDto } from '../common/dto/decision-summary.dto';
import { PageCursorCodec } from '../common/page-cursor';
import { badRequest } from '../common/validation';
import { AuditSearchReader } from '../persistence/audit-search.reader';
import { AuditRecord } from '../persistence/audit-record';
import { rawInputFacts, redactPersonalData, redactRejectedRecord } from '../privacy/personal-data';
import {
  DecisionDetailDto,
  RejectionDto,
  RoutingDto,
  TicketHistoryDto,
} from './dto/decision-detail.dto';
import { DecisionPageDto } from './dto/decision-page.dto';
import { DEFAULT_PAGE_SIZE, DecisionsPageQuery } from './dto/decisions-page.query';

/** A ticket re-sent more often than this is an incident of its own; the history says so. */
export const TICKET_HISTORY_LIMIT = 1000;
/** Rows of one eventId returned (a routed row and its duplicates). */
export const EVENT_ROWS_LIMIT = 100;

const INPUT_FIELDS = ['source', 'occurredAt', 'ticket', 'requester', 'product', 'channel'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

@Injectable()
export class DecisionsService {
  constructor(
    private readonly audit: AuditSearchReader,
    @Inject(PageCursorCodec) private readonly cursors: PageCursorCodec,
  ) {}

  async search(query: DecisionsPageQuery): Promise<DecisionPageDto> {
    const cursor = query.cursor === undefined ? undefined : this.cursors.decode(query.cursor);
    if (query.cursor !== undefined && cursor === undefined) {
      throw badRequest([
        {
          field: 'cursor',
          messages: ['cursor must be the nextCursor of a previous page, unchanged'],
        },
      ]);
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // One row more than asked tells whether another page exists.
    const rows = await this.audit.findPage(toDecisionFilters(query), limit + 1, cursor);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toSummaryDto),
      nextCursor:
        rows.length > limit
          ? this.cursors.encode({ decidedAt: last.decidedAt, id: last.id })
          : null,
    };
  }

  /**
   * The decision for an eventId: its routed row when there is one (a re-sent eventId adds
   * duplicate rows that point at it), otherwise the latest row, with the others as `related`.
   */
  async findByEventId(eventId: string, personalData: boolean): Promise<DecisionDetailDto> {
    const rows = await this.audit.findByEventId(eventId, EVENT_ROWS_LIMIT);
    if (rows.length === 0) {
      throw new NotFoundException(
        `No decision has eventId "${eventId}". Check the id (it is case-sensitive), or search ` +
          '/v1/decisions by source and ticketId.',
      );
    }
    const main = rows.find((r) => r.outcome === 'routed') ?? rows[rows.length - 1];
    return {
      ...this.toDetail(main, personalData),
      related: rows.filter((r) => r !== main).map(toSummaryDto),
    };
  }

  /** One row by its id: also the rejected inputs the router could not read an eventId from. */
  async findById(id: string, personalData: boolean): Promise<DecisionDetailDto> {
    const record = await this.audit.findById(id);
    if (!record) {
      throw new NotFoundException(`No audit row has id ${id}; ids come from /v1/decisions.`);
    }
    const related =
      record.eventId === null
        ? []
        : (await this.audit.findByEventId(record.eventId, EVENT_ROWS_LIMIT)).filter(
            (r) => r.id !== record.id,
          );
    return { ...this.toDetail(record, personalData), related: related.map(toSummaryDto) };
  }

  async ticketHistory(source: string, ticketId: string): Promise<TicketHistoryDto> {
    const rows = await this.audit.findTicketHistory(source, ticketId, TICKET_HISTORY_LIMIT + 1);
    if (rows.length === 0) {
      throw new NotFoundException(
        `No decision for ticket "${ticketId}" of source "${source}". Both are case-sensitive; ` +
          'a ticket id with "/" must be URL-encoded (%2F).',
      );
    }
    return {
      source,
      ticketId,
      decisions: rows.slice(0, TICKET_HISTORY_LIMIT).map(toSummaryDto),
      truncated: rows.length > TICKET_HISTORY_LIMIT,
    };
  }

  private toDetail(record: AuditRecord, personalData: boolean): Omit<DecisionDetailDto, 'related'> {
    // Routed events and duplicates' inputs passed the contract: their personal data is in
    // known fields. Anything else (a rejected input: any bytes at all) is shown to a role
    // without personal data only as redactRejectedRecord builds it.
    const validated = record.outcome === 'routed' || record.outcome === 'duplicate';
    const payload = personalData
      ? record.payload
      : validated
        ? redactPersonalData(record.payload)
        : redactRejectedRecord(record.payload);
    const body = isObject(payload) ? payload : {};
    let routing: RoutingDto | null = null;
    let input: Record<string, unknown> | null = null;
    let rejection: RejectionDto | null = null;
    if (record.outcome === 'routed') {
      routing = isObject(body.routing) ? (body.routing as unknown as RoutingDto) : null;
      input = isObject(body.input)
        ? body.input
        : {
            eventId: body.sourceEventId ?? record.eventId,
            type: 'ticket.created',
            version: 1,
            ...Object.fromEntries(INPUT_FIELDS.filter((f) => f in body).map((f) => [f, body[f]])),
          };
    } else if (record.outcome === 'duplicate') {
      input = body;
    } else {
      const facts = personalData
        ? rawInputFacts(body.raw, body.rawBase64)
        : {
            rawWithheld: body.rawWithheld === true,
            rawBytes: Number(body.rawBytes),
            rawJson: body.rawJson === true,
          };
      rejection = {
        raw: typeof body.raw === 'string' ? body.raw : null,
        ...facts,
        origin: isObject(body.origin) ? body.origin : null,
        errors: Array.isArray(body.errors) ? (body.errors as RejectionDto['errors']) : [],
      };
    }
    return {
      ...toSummaryDto(record),
      routing,
      input,
      rejection,
      payload,
      personalDataRedacted: !personalData,
    };
  }
}
