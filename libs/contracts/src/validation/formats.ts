/**
 * String rules shared by the class-validator classes, the fast validator and the JSON Schemas,
 * so the three agree by construction.
 */

/** Length in Unicode characters (code points), as JSON Schema counts it. */
export function charLength(value: string): number {
  let surrogates = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const high = value.charCodeAt(i - 1);
      if (high >= 0xd800 && high <= 0xdbff) surrogates++;
    }
  }
  return value.length - surrogates;
}

/**
 * Well-formed Unicode: no unpaired UTF-16 surrogate (JSON's `\ud83d` escape can make one).
 * Such a string has no UTF-8 form: MySQL's JSON check refuses it and a Kafka consumer would
 * read U+FFFD instead, so the contract rejects it as a field's value.
 */
export function isWellFormed(value: string): boolean {
  return value.isWellFormed();
}

export const WELL_FORMED_MESSAGE =
  'must be well-formed Unicode text (it contains an unpaired UTF-16 surrogate)';

/** Fast where it matters: most strings are far below their limit. */
export function isStringOfLength(value: unknown, min: number, max: number): value is string {
  if (typeof value !== 'string' || !value.isWellFormed()) return false;
  // A code point is one or two UTF-16 units, so these bounds settle most cases at once.
  if (value.length < min) return false;
  if (value.length <= max && (min === 0 || value.length >= 2 * min)) return true;
  const length = charLength(value);
  return length >= min && length <= max;
}

/** Why a value failed isStringOfLength: not a string, not well-formed, or out of bounds. */
export function stringMessage(value: unknown, min: number, max: number): string {
  return typeof value === 'string' && !value.isWellFormed()
    ? WELL_FORMED_MESSAGE
    : lengthMessage(min, max);
}

export function lengthMessage(min: number, max: number): string {
  if (max === Infinity) return min > 0 ? `must be a non-empty string` : 'must be a string';
  return min > 0
    ? `must be a string of ${min} to ${max} characters`
    : `must be a string of at most ${max} characters`;
}

/**
 * ISO-8601 date-time: a date, "T", a time to the minute at least, an optional fraction and an
 * optional offset. A zone-less time is still a valid ISO-8601 date-time, so it is accepted.
 */
export const DATE_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}(:?\\d{2})?)?$';
const DATE_TIME = new RegExp(DATE_TIME_PATTERN);

/**
 * The pattern, and a real calendar date, clock time and UTC offset (no 2026-02-30, no 24:00,
 * no +99:99: JavaScript would roll the first two over and give up on the third).
 */
export function isIsoDateTime(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const hour = Number(value.slice(11, 13));
  const minute = Number(value.slice(14, 16));
  const second = value.length > 17 && value[16] === ':' ? Number(value.slice(17, 19)) : 0;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days || hour > 23 || minute > 59 || second > 60) return false;
  const offset = /[+-](\d{2}):?(\d{2})?$/.exec(value.slice(16));
  return offset === null || (Number(offset[1]) <= 23 && Number(offset[2] ?? 0) <= 59);
}

/** A pragmatic e-mail shape: something@domain.tld, no spaces, at most 254 characters. */
export const EMAIL_PATTERN = '^(?=.{1,254}$)[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+$';

/** BCP 47 language tag, structurally: "en", "ko-KR", "zh-Hant-TW", "x-private". */
export const LANGUAGE_TAG_PATTERN = '^(?=.{1,64}$)([A-Za-z]{2,8}|[xXiI])(-[A-Za-z0-9]{1,8})*$';
