import { useEffect, useState } from 'preact/hooks';
import {
  CHOICES,
  FILTER_FIELDS,
  type FilterField,
  type Filters,
  fromLocalInput,
  LABELS,
  PRESETS,
  presetRange,
  toLocalInput,
} from '../filters';

const TEXT_FIELDS: FilterField[] = ['targetId', 'ruleId', 'source', 'ticketId', 'ruleSetVersion'];
const SELECT_FIELDS: FilterField[] = [
  'party',
  'targetType',
  'category',
  'categorySource',
  'outcome',
  'needsReview',
  'includeUnpublished',
];

/** The API's filters as a form; Apply puts them in the URL. */
export function FilterForm({
  filters,
  onApply,
}: {
  filters: Filters;
  onApply: (f: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(filters);
  useEffect(() => setDraft(filters), [JSON.stringify(filters)]);

  const set = (k: FilterField, v: string | undefined) =>
    setDraft((d) => ({ ...d, [k]: v || undefined }));
  const apply = (f: Filters) => {
    const clean: Filters = {};
    for (const k of FILTER_FIELDS) {
      const v = f[k]?.trim();
      if (v) clean[k] = v;
    }
    onApply(clean);
  };

  return (
    <form
      class="filters"
      aria-label="Filters"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <fieldset class="range">
        <legend>Time range (decided at, UTC)</legend>
        <div class="presets">
          {PRESETS.map((p) => (
            <button
              type="button"
              key={p.id}
              class="chip"
              onClick={() => apply({ ...draft, ...presetRange(p.id) })}
            >
              {p.label}
            </button>
          ))}
        </div>
        <label>
          {LABELS.from}
          <input
            type="datetime-local"
            name="from"
            value={toLocalInput(draft.from)}
            onChange={(e) => set('from', fromLocalInput(e.currentTarget.value))}
          />
        </label>
        <label>
          {LABELS.to}
          <input
            type="datetime-local"
            name="to"
            value={toLocalInput(draft.to)}
            onChange={(e) => set('to', fromLocalInput(e.currentTarget.value))}
          />
        </label>
      </fieldset>
      <div class="fields">
        {SELECT_FIELDS.map((k) => (
          <label key={k}>
            {LABELS[k]}
            <select name={k} value={draft[k] ?? ''} onChange={(e) => set(k, e.currentTarget.value)}>
              <option value="">any</option>
              {(CHOICES[k] ?? []).map((v) => (
                <option key={v} value={v}>
                  {k === 'needsReview' ? (v === 'true' ? 'yes' : 'no') : v}
                </option>
              ))}
            </select>
          </label>
        ))}
        {TEXT_FIELDS.map((k) => (
          <label key={k}>
            {LABELS[k]}
            <input
              type="text"
              name={k}
              value={draft[k] ?? ''}
              maxLength={k === 'targetId' || k === 'ticketId' ? 128 : 64}
              spellcheck={false}
              onInput={(e) => set(k, e.currentTarget.value)}
            />
          </label>
        ))}
      </div>
      <div class="actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          class="secondary"
          onClick={() => apply({ from: draft.from, to: draft.to })}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
