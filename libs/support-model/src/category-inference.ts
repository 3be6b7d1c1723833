import { CATEGORY_LEXICON, LexiconCategory } from './category-lexicon';
import { Category, TermMatch } from './support-model.types';

/** A category needs at least this score; below it the ticket falls back to `other`. */
export const MIN_INFERENCE_SCORE = 2;
/** The subject is written to summarise: its words weigh more than the description's. */
export const SUBJECT_FACTOR = 1.5;
/** Equal scores go to the more specific category (earlier in this list). */
export const TIE_ORDER: readonly Category[] = [
  'isv-contact-request',
  'deployment-provisioning',
  'offer-management',
  'transaction',
  'service-health',
  'payment',
  'billing',
  'subscription-management',
  'account',
  'documentation-training',
  'break-fix',
  'technical',
  'user-support',
];

export interface InferenceResult {
  category: Category;
  source: 'inferred' | 'default';
  matches: TermMatch[];
  scores: Partial<Record<Category, number>>;
}

interface Entry {
  category: LexiconCategory;
  term: string;
  weight: number;
  /** English: token patterns (`prefix*` or exact). */
  tokens?: readonly { text: string; prefix: boolean }[];
  /** Korean: the term without spaces, matched as a substring. */
  compact?: string;
}

interface Candidate {
  entry: Entry;
  start: number;
  end: number;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;

export class CategoryInference {
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes = new Map<string, Entry[]>();
  /** Korean entries by their first character: one pass over the text finds them all. */
  private readonly korean = new Map<string, Entry[]>();
  /** Lengths that some prefix term has, longest first: the only slices worth looking up. */
  private readonly prefixLengths: readonly number[];

  constructor(lexicon: typeof CATEGORY_LEXICON = CATEGORY_LEXICON) {
    const prefixLengths = new Set<number>();
    for (const [category, groups] of Object.entries(lexicon) as [
      LexiconCategory,
      readonly (readonly [number, ...string[]])[],
    ][]) {
      for (const [weight, ...terms] of groups) {
        for (const term of terms) {
          if (HANGUL.test(term)) {
            const compact = term.replace(/\s+/g, '');
            const list = this.korean.get(compact[0]) ?? [];
            list.push({ category, term, weight, compact });
            this.korean.set(compact[0], list);
            continue;
          }
          const tokens = tokenize(term).map((t, i, all) => {
            const prefix = i === all.length - 1 && term.trimEnd().endsWith('*');
            return { text: t, prefix };
          });
          if (tokens.length === 0) throw new Error(`Lexicon term "${term}" has no word`);
          const entry: Entry = { category, term, weight, tokens };
          const first = tokens[0];
          const firstIsPrefix = tokens.length === 1 && first.prefix;
          const index = firstIsPrefix ? this.prefixes : this.exact;
          if (firstIsPrefix) prefixLengths.add(first.text.length);
          const list = index.get(first.text) ?? [];
          list.push(entry);
          index.set(first.text, list);
        }
      }
    }
    this.prefixLengths = [...prefixLengths].sort((a, b) => b - a);
  }

  infer(subject: string, description = ''): InferenceResult {
    const matches = [
      ...this.matchField(subject, 'subject'),
      ...this.matchField(description, 'description'),
    ];
    // A term counts once per ticket, at its best weight (subject over description).
    const best = new Map<string, TermMatch>();
    for (const match of matches) {
      const key = `${match.category}\u0000${match.term}`;
      const seen = best.get(key);
      if (!seen || seen.weight < match.weight) best.set(key, match);
    }
    const counted = [...best.values()];
    const scores: Partial<Record<Category, number>> = {};
    for (const match of counted) {
      scores[match.category] = (scores[match.category] ?? 0) + match.weight;
    }
    let winner: Category | undefined;
    let winnerScore = 0;
    for (const category of TIE_ORDER) {
      const score = scores[category] ?? 0;
      if (score > winnerScore) {
        winner = category;
        winnerScore = score;
      }
    }
    if (!winner || winnerScore < MIN_INFERENCE_SCORE) {
      return { category: 'other', source: 'default', matches: [], scores };
    }
    const decisive = counted
      .filter((m) => m.category === winner)
      .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    return { category: winner, source: 'inferred', matches: decisive, scores };
  }

  private matchField(text: string, field: TermMatch['field']): TermMatch[] {
    if (!text) return [];
    const normalized = normalize(text);
    const found: TermMatch[] = [];
    const accept = (candidates: Candidate[], size: number) => {
      const taken = new Uint8Array(size);
      // Longest first, then heaviest: a phrase consumes the words it covers.
      candidates.sort(
        (a, b) =>
          b.end - b.start - (a.end - a.start) ||
          b.entry.weight - a.entry.weight ||
          a.start - b.start,
      );
      for (const { entry, start, end } of candidates) {
        let free = true;
        for (let i = start; i < end && free; i++) free = taken[i] === 0;
        if (!free) continue;
        taken.fill(1, start, end);
        if (entry.category !== 'neutral' && entry.weight > 0) {
          const weight = field === 'subject' ? entry.weight * SUBJECT_FACTOR : entry.weight;
          found.push({ category: entry.category, term: entry.term, field, weight });
        }
      }
    };
    const tokens = splitWords(normalized);
    if (tokens.length > 0) accept(this.englishCandidates(tokens), tokens.length);
    if (HANGUL.test(normalized)) {
      const compact = normalized.replace(/\s+/g, '');
      accept(this.koreanCandidates(compact), compact.length);
    }
    return found;
  }

  private englishCandidates(tokens: string[]): Candidate[] {
    const candidates: Candidate[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      for (const entry of this.exact.get(token) ?? []) {
        const end = matchRest(entry, tokens, i);
        if (end > 0) candidates.push({ entry, start: i, end });
      }
      for (const k of this.prefixLengths) {
        if (k > token.length) continue;
        for (const entry of this.prefixes.get(k === token.length ? token : token.slice(0, k)) ??
          []) {
          candidates.push({ entry, start: i, end: i + 1 });
        }
      }
    }
    return candidates;
  }

  private koreanCandidates(compact: string): Candidate[] {
    const candidates: Candidate[] = [];
    for (let at = 0; at < compact.length; at++) {
      const entries = this.korean.get(compact[at]);
      if (!entries) continue;
      for (const entry of entries) {
        const term = entry.compact!;
        if (compact.startsWith(term, at))
          candidates.push({ entry, start: at, end: at + term.length });
      }
    }
    return candidates;
  }
}

function matchRest(entry: Entry, tokens: string[], start: number): number {
  const patterns = entry.tokens!;
  if (start + patterns.length > tokens.length) return 0;
  for (let j = 1; j < patterns.length; j++) {
    const { text, prefix } = patterns[j];
    const token = tokens[start + j];
    if (prefix ? !token.startsWith(text) : token !== text) return 0;
  }
  return start + patterns.length;
}

/** Lower case, compatibility forms folded, apostrophes dropped so "can't" reads "cant". */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`´]/g, '');
}

function tokenize(text: string): string[] {
  return splitWords(normalize(text));
}

/** Words of normalized text. Hangul separates words here too, so "api를" still yields "api". */
function splitWords(normalized: string): string[] {
  return normalized.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}
