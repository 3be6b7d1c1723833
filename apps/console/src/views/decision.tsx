import { CLAUSE_TEXT } from '../../../../libs/support-model/src/clauses';
import type { ClauseId } from '../../../../libs/support-model/src/support-model.types';
import type { DecisionDetail, DecisionSummary, TicketHistory } from '../api';
import { formatTime } from '../filters';
import { href } from '../route';
import { useSession } from '../session';
import { useApi } from '../use-api';
import { ErrorBox } from './error-box';

function clauseText(id: string): string {
  return (
    (CLAUSE_TEXT as Record<string, string | undefined>)[id as ClauseId] ?? 'Unknown clause id.'
  );
}

function Json({ value, label }: { value: unknown; label: string }) {
  return (
    <pre class="json" tabIndex={0} aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function Field({ name, children }: { name: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '—');

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The target as the routed event carries it: type, id, and for an ISV its name and contacts (C9). */
function Target({ target }: { target: Record<string, unknown> }) {
  const { type, id, name, documentationUrl, contacts, ...rest } = target;
  const contactList = asRecord(contacts);
  return (
    <div class="target" data-testid="target">
      <strong>
        {String(type)}: {String(id)}
      </strong>
      {typeof name === 'string' && <span> — {name}</span>}
      {contactList && (
        <dl class="contacts">
          {Object.entries(contactList).map(([k, v]) => (
            <Field key={k} name={k}>
              {typeof v === 'string' ? v : JSON.stringify(v)}
            </Field>
          ))}
        </dl>
      )}
      {Array.isArray(contacts) && <Json value={contacts} label="Contacts" />}
      {typeof documentationUrl === 'string' && (
        <p>
          Documentation: <span class="mono">{documentationUrl}</span>
        </p>
      )}
      {Object.keys(rest).length > 0 && <Json value={rest} label="Other target details" />}
    </div>
  );
}

export function DecisionView({ by, value }: { by: 'id' | 'eventId'; value: string }) {
  const session = useSession();
  const path =
    by === 'id'
      ? `/v1/decisions/by-id/${encodeURIComponent(value)}`
      : `/v1/decisions/${encodeURIComponent(value)}`;
  const detail = useApi<DecisionDetail>(value ? path : null);
  const d = detail.data;
  const ticket = useApi<TicketHistory>(
    d?.source && d.ticketId
      ? `/v1/tickets/${encodeURIComponent(d.source)}/${encodeURIComponent(d.ticketId)}/decisions`
      : null,
  );

  if (detail.error) return <ErrorBox error={detail.error} />;
  if (!d) return <p aria-busy="true">Loading…</p>;
  const r = d.routing;
  const requester = asRecord(d.input?.requester);

  return (
    <article class="decision" aria-labelledby="decision-title">
      <p>
        <button type="button" class="link" onClick={() => history.back()}>
          ← Back
        </button>
      </p>
      <h1 id="decision-title">
        {d.ticketId ? `Ticket ${d.source ?? '?'} / ${d.ticketId}` : `Audit row ${d.id}`}{' '}
        <span class={`pill outcome-${d.outcome}`}>{d.outcome}</span>
        {d.needsReview && <span class="pill review">needs review</span>}
      </h1>
      {d.personalDataRedacted ? (
        <p class="note" data-testid="pii-note">
          Requester e-mail and tenant id are redacted for your role ({session.me.role}).
        </p>
      ) : (
        <p class="note pii" data-testid="pii-note">
          Personal data is shown to your role ({session.me.role}): handle it accordingly.
        </p>
      )}
      <div class="columns">
        <section aria-labelledby="why">
          <h2 id="why">Why it went there</h2>
          {r ? (
            <>
              <p class="rationale" data-testid="rationale">
                {r.rationale}
              </p>
              <dl class="facts">
                <Field name="Party">{r.party}</Field>
                <Field name="Target">
                  <Target target={r.target} />
                </Field>
                <Field name="Escalation">
                  {r.escalation.length ? (
                    <ol class="chain" data-testid="escalation">
                      {r.escalation.map((e, i) => (
                        <li key={i}>
                          {e.type}: {e.id}
                        </li>
                      ))}
                    </ol>
                  ) : (
                    'none'
                  )}
                </Field>
                <Field name="Category">
                  {r.category} <span class="muted">({r.categorySource})</span>
                </Field>
                <Field name="Rule">{r.ruleId}</Field>
                <Field name="Rule-set version">
                  <span class="mono">{r.ruleSetVersion}</span>
                </Field>
              </dl>
              <h3>Clauses</h3>
              <dl class="clauses" data-testid="clauses">
                {r.clauses.map((c) => (
                  <Field key={c} name={c}>
                    {clauseText(c)}
                  </Field>
                ))}
              </dl>
            </>
          ) : d.rejection ? (
            <>
              <p>The router rejected this input:</p>
              <ul data-testid="rejection">
                {d.rejection.errors.map((e, i) => (
                  <li key={i}>
                    <code>{e.path || '(input)'}</code>: {e.message}
                  </li>
                ))}
              </ul>
              <h3>Raw input</h3>
              <pre class="json" tabIndex={0}>
                {d.rejection.raw}
              </pre>
            </>
          ) : d.outcome === 'duplicate' ? (
            <p>
              A duplicate of an input already decided
              {d.duplicateOfId && (
                <>
                  {' '}
                  (<a href={href(['rows', d.duplicateOfId])}>row {d.duplicateOfId}</a>)
                </>
              )}
              : not routed again.
            </p>
          ) : (
            <p>No routing recorded.</p>
          )}
        </section>
        <section aria-labelledby="facts">
          <h2 id="facts">Record</h2>
          <dl class="facts">
            <Field name="Event id">
              <span class="mono">{d.eventId}</span>
            </Field>
            <Field name="Occurred">{formatTime(d.occurredAt)}</Field>
            <Field name="Received">{formatTime(d.receivedAt)}</Field>
            <Field name="Decided">{formatTime(d.decidedAt)}</Field>
            <Field name="Requester">
              {d.requesterRole}
              {requester && (
                <span data-testid="requester">
                  {' '}
                  · {text(requester.email)} · tenant {text(requester.tenantId)}
                </span>
              )}
            </Field>
            <Field name="Input">
              <span class="mono">
                {d.inputTopic} [{d.inputPartition}] @ {d.inputOffset}
              </span>
            </Field>
            <Field name="Audit row">{d.id}</Field>
          </dl>
        </section>
      </div>
      {d.input && (
        <details open>
          <summary>Input ticket (ticket.created)</summary>
          <Json value={d.input} label="Input ticket" />
        </details>
      )}
      <details>
        <summary>{r ? 'Published event (ticket.routed)' : 'Stored record'}</summary>
        <Json value={d.payload} label="Published event" />
      </details>
      {d.related.length > 0 && (
        <section>
          <h2>Other rows with this event id</h2>
          <HistoryTable rows={d.related} current={d.id} testId="related" />
        </section>
      )}
      <section aria-labelledby="history">
        <h2 id="history">Ticket history</h2>
        {ticket.error && <ErrorBox error={ticket.error} />}
        {ticket.data && (
          <>
            <HistoryTable rows={ticket.data.decisions} current={d.id} testId="history" />
            {ticket.data.truncated && <p class="muted">Older decisions not shown.</p>}
          </>
        )}
        {!d.ticketId && <p class="muted">No readable ticket id.</p>}
      </section>
    </article>
  );
}

function HistoryTable({
  rows,
  current,
  testId,
}: {
  rows: DecisionSummary[];
  current: string;
  testId: string;
}) {
  return (
    <div class="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Decided (UTC)</th>
            <th scope="col">Outcome</th>
            <th scope="col">Party</th>
            <th scope="col">Target</th>
            <th scope="col">Category</th>
            <th scope="col">Rule</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => (
            <tr key={h.id} aria-current={h.id === current ? 'true' : undefined}>
              <td>
                {h.id === current ? (
                  <strong>{formatTime(h.decidedAt)} (this one)</strong>
                ) : (
                  <a href={href(['rows', h.id])}>{formatTime(h.decidedAt)}</a>
                )}
              </td>
              <td>{h.outcome}</td>
              <td>{h.party ?? '—'}</td>
              <td>{h.targetType ? `${h.targetType}: ${h.targetId}` : '—'}</td>
              <td>{h.category ?? '—'}</td>
              <td>{h.ruleId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
