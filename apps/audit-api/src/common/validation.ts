import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments } from 'class-validator';

/** One invalid parameter and what is wrong with it. */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** The 400 body: Nest's usual `message` list, plus the same problems by field. */
export function badRequest(problems: FieldProblem[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: problems.flatMap((p) => p.messages),
    fields: problems,
  });
}

function toProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {});
    return [
      ...(own.length ? [{ field, messages: own }] : []),
      ...toProblems(error.children ?? [], `${field}.`),
    ];
  });
}

/**
 * Every query and path parameter is validated against its DTO: unknown parameters are refused
 * (forbidNonWhitelisted), so a misspelt filter is a 400 instead of a silently wider search.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    exceptionFactory: (errors) => badRequest(toProblems(errors)),
  });
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A Date for an ISO-8601 date-time with a zone offset or a plain date (UTC midnight). */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const time = new Date(m[4] === undefined ? `${text}T00:00:00Z` : text);
  if (year < 1970 || year > 9999 || Number.isNaN(time.getTime())) return undefined;
  // Reject dates JavaScript would roll over, such as 2026-02-30.
  const roundTrip = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
  if (roundTrip.getUTCMonth() !== Number(m[2]) - 1 || roundTrip.getUTCDate() !== Number(m[3])) {
    return undefined;
  }
  return time;
}

export const IsTimestamp = () =>
  ValidateBy({
    name: 'isTimestamp',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseTimestamp(value) !== undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be an ISO-8601 date-time with a time zone, e.g. ` +
        '2026-11-01T00:00:00Z, or a date (2026-11-01, midnight UTC), between 1970 and 9999',
    },
  });

/** Later than the sibling timestamp `other` when both are given. */
export const IsAfter = (other: string) =>
  ValidateBy({
    name: 'isAfter',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const before = (args?.object as Record<string, unknown>)[other];
        if (typeof value !== 'string' || typeof before !== 'string') return true;
        const a = parseTimestamp(before);
        const b = parseTimestamp(value);
        return !a || !b || b.getTime() > a.getTime();
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be later than ${other}`,
    },
  });

/** C0 controls and DEL: no id of a helpdesk contains them; refusing them early is clearer. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
// With the u flag a surrogate pair is one code point: this matches only lone halves.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * A free-text id (source, ticket id, rule id...): a string of 1 to `max` characters (code
 * points, as the VARCHAR column counts them), well-formed Unicode, no control characters.
 */
export const IsIdText = (max: number) =>
  ValidateBy({
    name: 'isIdText',
    constraints: [max],
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || LONE_SURROGATE.test(value) || hasControlCharacter(value)) {
          return false;
        }
        const length = [...value].length;
        return length >= 1 && length <= max;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be text of 1 to ${max} characters without control characters`,
    },
  });

/** Query strings are text: 'true' / 'false' become booleans, anything else stays to fail. */
export const ToBoolean = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );

/** Integer query values become numbers; anything else stays to fail validation. */
export const ToInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );

/** An integer query value from min to max (one rule, so one clear message). */
export const IsIntInRange = (min: number, max: number) =>
  ValidateBy({
    name: 'isIntInRange',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must be an integer from ${min} to ${max}`,
    },
  });
