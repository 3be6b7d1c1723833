import type { ApiError } from '../api';

const TITLES: Record<ApiError['kind'], string> = {
  unauthorized: 'Key not accepted',
  forbidden: 'Not allowed for your role',
  'rate-limited': 'Rate limited',
  invalid: 'The API refused these filters',
  'not-found': 'Not found',
  unavailable: 'Audit API unavailable',
};

/** One failure, said plainly; announced to screen readers. */
export function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div class={`error error-${error.kind}`} role="alert" data-testid="error">
      <strong>{TITLES[error.kind]}.</strong> {error.message}
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code>: {f.messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
