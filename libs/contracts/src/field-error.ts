/**
 * One reason an input is not a valid event. `path` is the dotted field path
 * (`ticket.subject`, `channel.partnerId`); `$` is the input as a whole (not JSON, not an
 * object).
 */
export interface FieldError {
  path: string;
  message: string;
}

export const ROOT_PATH = '$';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
