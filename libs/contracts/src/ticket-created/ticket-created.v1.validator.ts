import { CATEGORIES, CHANNEL_MODELS, PRODUCT_TYPES, REQUESTER_ROLES } from '@app/support-model';
import { FieldError, ValidationResult } from '../field-error';
import { isPlainRecord, NOT_AN_OBJECT_MESSAGE } from '../validation/class-validation';
import {
  allowedFor,
  DATE_TIME_MESSAGE,
  exactlyMessage,
  OBJECT_MESSAGE,
  oneOfMessage,
  readPath,
  REQUIRED_MESSAGE,
  requiredWhenMessage,
  valueAllowedMessage,
} from '../validation/contract-decorators';
import {
  EMAIL_PATTERN,
  isIsoDateTime,
  isStringOfLength,
  LANGUAGE_TAG_PATTERN,
  stringMessage,
  WELL_FORMED_MESSAGE,
} from '../validation/formats';
import {
  CHANNEL_MODELS_BY_ROLE,
  LIMITS,
  SEVERITIES,
  TICKET_CREATED_TYPE,
  TicketCreatedV1,
} from './ticket-created.v1';

/**
 * The same rules as the TicketCreatedV1 classes, written out by hand: class-validator with
 * class-transformer was measured 13 times slower than this (docs/benchmarks.md,
 * "bench:classify"). A differential property test (ticket-created.v1.validator.spec.ts) holds
 * it to the classes: same verdict, same {path, message} errors, same output, for generated
 * valid and broken events.
 */
export function validateTicketCreatedV1(input: unknown): ValidationResult<TicketCreatedV1> {
  if (!isPlainRecord(input)) {
    return { ok: false, errors: [{ path: '$', message: NOT_AN_OBJECT_MESSAGE }] };
  }
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  const v = new Reader(errors);
  v.string(input, out, 'eventId', '', 1, LIMITS.eventId, true);
  v.exactly(input, out, 'type', '', TICKET_CREATED_TYPE);
  v.exactly(input, out, 'version', '', 1);
  v.check(input, out, 'occurredAt', '', true, isIsoDateTime, DATE_TIME_MESSAGE);
  v.string(input, out, 'source', '', 1, LIMITS.source, true);

  const ticket = v.object(input, 'ticket', true);
  if (ticket) {
    const t: Record<string, unknown> = {};
    v.string(ticket, t, 'id', 'ticket.', 1, LIMITS.ticketId, true);
    v.string(ticket, t, 'subject', 'ticket.', 1, LIMITS.subject, true);
    v.string(ticket, t, 'description', 'ticket.', 0, LIMITS.description, false);
    v.oneOf(ticket, t, 'category', 'ticket.', CATEGORIES, false);
    v.oneOf(ticket, t, 'severity', 'ticket.', SEVERITIES, false);
    v.check(
      ticket,
      t,
      'language',
      'ticket.',
      false,
      isLanguageTag,
      patternMessage(LANGUAGE_MESSAGE),
    );
    out.ticket = t;
  }
  const requester = v.object(input, 'requester', true);
  if (requester) {
    const r: Record<string, unknown> = {};
    v.oneOf(requester, r, 'role', 'requester.', REQUESTER_ROLES, true);
    v.string(requester, r, 'tenantId', 'requester.', 0, LIMITS.tenantId, false);
    v.check(requester, r, 'email', 'requester.', false, isEmail, patternMessage(EMAIL_MESSAGE));
    out.requester = r;
  }
  const product = v.object(input, 'product', true);
  if (product) {
    const p: Record<string, unknown> = {};
    v.oneOf(product, p, 'type', 'product.', PRODUCT_TYPES, true);
    v.string(product, p, 'offerId', 'product.', 1, LIMITS.offerId, false);
    v.string(product, p, 'publisherId', 'product.', 1, LIMITS.publisherId, false);
    out.product = p;
  }
  const channelRule = { path: 'requester.role', notIn: ['isv'] } as const;
  const channelRequired = !(
    typeof readPath(input, channelRule.path) === 'string' &&
    channelRule.notIn.includes(readPath(input, channelRule.path) as 'isv')
  );
  const rawChannel = own(input, 'channel');
  if (channelRequired || (rawChannel !== undefined && rawChannel !== null)) {
    if (rawChannel === undefined || rawChannel === null) {
      errors.push({ path: 'channel', message: requiredWhenMessage(channelRule) });
    } else if (!isPlainRecord(rawChannel)) {
      errors.push({ path: 'channel', message: OBJECT_MESSAGE });
    } else {
      const role = readPath(input, 'requester.role');
      const contradicts = !allowedFor(rawChannel, role, 'model', CHANNEL_MODELS_BY_ROLE);
      if (contradicts) {
        const allowed = CHANNEL_MODELS_BY_ROLE[role as keyof typeof CHANNEL_MODELS_BY_ROLE] ?? [];
        errors.push({
          path: 'channel.model',
          message: valueAllowedMessage('requester.role', role as string, allowed),
        });
      }
      const c: Record<string, unknown> = {};
      if (!contradicts) v.oneOf(rawChannel, c, 'model', 'channel.', CHANNEL_MODELS, true);
      else c.model = rawChannel.model;
      const model = own(rawChannel, 'model');
      const direct = model === 'direct';
      const indirect = model === 'indirect';
      v.requiredWhen(rawChannel, c, 'partnerId', direct, 'direct');
      v.requiredWhen(rawChannel, c, 'resellerId', indirect, 'indirect');
      v.requiredWhen(rawChannel, c, 'providerId', indirect, 'indirect');
      out.channel = c;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: out as unknown as TicketCreatedV1 };
}

const EMAIL = new RegExp(EMAIL_PATTERN);
const LANGUAGE = new RegExp(LANGUAGE_TAG_PATTERN);
const EMAIL_MESSAGE = 'must be an e-mail address';
const LANGUAGE_MESSAGE = 'must be a BCP 47 language tag such as en or ko-KR';
const isEmail = (value: unknown) =>
  typeof value === 'string' && value.isWellFormed() && EMAIL.test(value);
const isLanguageTag = (value: unknown) =>
  typeof value === 'string' && value.isWellFormed() && LANGUAGE.test(value);
/** A pattern's message, unless the value failed for not being well-formed text. */
const patternMessage = (message: string) => (value: unknown) =>
  typeof value === 'string' && !value.isWellFormed() ? WELL_FORMED_MESSAGE : message;

/** Reads own properties only: an inherited or `__proto__` key is never taken for a field. */
function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

class Reader {
  constructor(private readonly errors: FieldError[]) {}

  check(
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    key: string,
    prefix: string,
    required: boolean,
    test: (value: unknown) => boolean,
    message: string | ((value: unknown) => string),
  ): void {
    const value = own(from, key);
    if (value === undefined || value === null) {
      if (required) this.errors.push({ path: prefix + key, message: REQUIRED_MESSAGE });
      return;
    }
    if (test(value)) to[key] = value;
    else {
      this.errors.push({
        path: prefix + key,
        message: typeof message === 'string' ? message : message(value),
      });
    }
  }

  string(
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    key: string,
    prefix: string,
    min: number,
    max: number,
    required: boolean,
  ): void {
    const value = own(from, key);
    // Hot path: a string within bounds needs no closure and no message.
    if (typeof value === 'string' && isStringOfLength(value, min, max)) {
      to[key] = value;
      return;
    }
    this.check(
      from,
      to,
      key,
      prefix,
      required,
      () => false,
      (v) => stringMessage(v, min, max),
    );
  }

  oneOf(
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    key: string,
    prefix: string,
    values: readonly unknown[],
    required: boolean,
  ): void {
    const value = own(from, key);
    if (value !== undefined && values.includes(value)) {
      to[key] = value;
      return;
    }
    this.check(
      from,
      to,
      key,
      prefix,
      required,
      () => false,
      () => oneOfMessage(values),
    );
  }

  exactly(
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    key: string,
    prefix: string,
    expected: string | number,
  ): void {
    const value = own(from, key);
    if (value === expected) {
      to[key] = value;
      return;
    }
    this.check(
      from,
      to,
      key,
      prefix,
      true,
      () => false,
      () => exactlyMessage(expected),
    );
  }

  object(
    from: Record<string, unknown>,
    key: string,
    required: boolean,
  ): Record<string, unknown> | null {
    const value = own(from, key);
    if (value === undefined || value === null) {
      if (required) this.errors.push({ path: key, message: REQUIRED_MESSAGE });
      return null;
    }
    if (!isPlainRecord(value)) {
      this.errors.push({ path: key, message: OBJECT_MESSAGE });
      return null;
    }
    return value;
  }

  requiredWhen(
    from: Record<string, unknown>,
    to: Record<string, unknown>,
    key: 'partnerId' | 'resellerId' | 'providerId',
    condition: boolean,
    model: string,
  ): void {
    const value = own(from, key);
    if (value === undefined || value === null) {
      if (condition) {
        this.errors.push({
          path: `channel.${key}`,
          message: requiredWhenMessage({ path: 'model', in: [model] }, 'channel.model'),
        });
      }
      return;
    }
    if (isStringOfLength(value, 1, LIMITS[key])) to[key] = value;
    else
      this.errors.push({ path: `channel.${key}`, message: stringMessage(value, 1, LIMITS[key]) });
  }
}
