import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { FieldError, ROOT_PATH, ValidationResult } from '../field-error';

export const NOT_AN_OBJECT_MESSAGE = 'must be a JSON object';

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates a parsed JSON value against a contract class with class-validator: the reference
 * implementation of the contract. Unknown fields are dropped (only @Expose'd properties are
 * read, so `__proto__` and `constructor` keys are never copied); the result is a plain object
 * without null or absent optional fields.
 */
export function validateWithClasses<T extends object>(
  cls: new () => T,
  input: unknown,
): ValidationResult<T> {
  if (!isPlainRecord(input)) {
    return { ok: false, errors: [{ path: ROOT_PATH, message: NOT_AN_OBJECT_MESSAGE }] };
  }
  const instance = plainToInstance(cls, input, { excludeExtraneousValues: true });
  const errors = toFieldErrors(
    validateSync(instance, {
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    }),
  );
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: toPlain(instance) as T };
}

/**
 * Every failed constraint as {path, message}, one message per path: the first constraint that
 * failed (class-validator runs "is required" before the others).
 */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const walk = (list: ValidationError[], parent: string) => {
    for (const error of list) {
      const path = parent ? `${parent}.${error.property}` : error.property;
      for (const [type, message] of Object.entries(error.constraints ?? {})) {
        const field = (error.contexts?.[type] as { field?: string } | undefined)?.field;
        const at = field ? `${path}.${field}` : path;
        if (seen.has(at)) continue;
        seen.add(at);
        out.push({ path: at, message });
      }
      if (error.children?.length) walk(error.children, path);
    }
  };
  walk(errors, prefix);
  return out;
}

function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && item !== null) out[key] = toPlain(item);
  }
  return out;
}
