// The audit API as the console sees it: same origin, the key sent as a Bearer token on every
// call, every failure turned into one sentence a person can act on.

export type Role = 'analyst' | 'pii' | 'admin';

export interface Me {
  name: string;
  role: Role;
  personalData: boolean;
}

export interface DecisionSummary {
  id: string;
  eventId: string | null;
  source: string | null;
  ticketId: string | null;
  occurredAt: string | null;
  receivedAt: string;
  decidedAt: string;
  inputTopic: string;
  inputPartition: number;
  inputOffset: string;
  outcome: string;
  party: string | null;
  targetType: string | null;
  targetId: string | null;
  category: string | null;
  categorySource: string | null;
  requesterRole: string | null;
  ruleId: string | null;
  clauses: string[] | null;
  ruleSetVersion: string | null;
  needsReview: boolean;
  duplicateOfId: string | null;
}

export interface Routing {
  party: string;
  target: Record<string, unknown>;
  escalation: { type: string; id: string }[];
  category: string;
  categorySource: string;
  ruleId: string;
  clauses: string[];
  rationale: string;
  ruleSetVersion: string;
  needsReview: boolean;
}

export interface DecisionDetail extends DecisionSummary {
  routing: Routing | null;
  input: Record<string, unknown> | null;
  rejection: {
    raw: string;
    origin: Record<string, unknown> | null;
    errors: { path: string; message: string }[];
  } | null;
  payload: unknown;
  related: DecisionSummary[];
  personalDataRedacted: boolean;
}

export interface DecisionPage {
  items: DecisionSummary[];
  nextCursor: string | null;
}

export interface TicketHistory {
  source: string;
  ticketId: string;
  decisions: DecisionSummary[];
  truncated: boolean;
}

export interface Stats {
  from: string;
  to: string;
  groupBy: string;
  bucket: string;
  buckets: string[];
  total: number;
  series: { key: string | null; total: number; counts: number[] }[];
  rest: { total: number; counts: number[] } | null;
}

export interface TopTargets {
  from: string;
  to: string;
  targets: { targetType: string; targetId: string; count: number }[];
}

export type ApiErrorKind =
  'unauthorized' | 'forbidden' | 'rate-limited' | 'invalid' | 'not-found' | 'unavailable';

/** A failed call, with the sentence to show. */
export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number,
    readonly fields: { field: string; messages: string[] }[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  message?: string | string[];
  fields?: { field: string; messages: string[] }[];
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as ErrorBody;
  const said = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  switch (res.status) {
    case 401:
      return new ApiError(
        'unauthorized',
        'The API key was not accepted (unknown or revoked key).',
        401,
      );
    case 403:
      return new ApiError(
        'forbidden',
        `Your key's role may not do this${said ? `: ${said}` : '.'}`,
        403,
      );
    case 404:
      return new ApiError('not-found', said ?? 'Not found.', 404);
    case 429: {
      const wait = res.headers.get('Retry-After');
      return new ApiError(
        'rate-limited',
        `Rate limited: too many requests with this key. Try again${wait ? ` in ${wait} s` : ' shortly'}.`,
        429,
      );
    }
    case 400:
      return new ApiError('invalid', said ?? 'The request was refused.', 400, body.fields ?? []);
    default:
      return new ApiError(
        'unavailable',
        `The audit API answered ${res.status}${said ? `: ${said}` : ''}. Try again; if it persists, the API or its database is down.`,
        res.status,
      );
  }
}

/** Sends one request with the key; throws ApiError. */
export async function call(key: string, path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(
      'unavailable',
      'The audit API cannot be reached (down, or the network is).',
      0,
    );
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

export async function getJson<T>(key: string, path: string): Promise<T> {
  const res = await call(key, path);
  return (await res.json()) as T;
}

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads an API response as a file (the key travels in a header, so no plain link). */
export async function download(key: string, path: string, fallbackName: string): Promise<string> {
  const res = await call(key, path);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
