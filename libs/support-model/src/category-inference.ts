import {
  CATEGORY_LEXICON,
  LANGUAGE_LEXICONS,
  Lexicon,
  LexiconCategory,
  LexiconGroup,
} from './category-lexicon';
import { Category, TermMatch } from './support-model.types';
import {
  FUNCTION_WORDS,
  HANGUL,
  hintedLanguage,
  InferenceLanguage,
  LANGUAGE_BIT,
  LATIN_LANGUAGES,
  languageScope,
} from './ticket-language';

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
  /** The language the text is taken to be in (the ticket's hint or detected), when known. */
  language?: InferenceLanguage;
  languageSource?: 'hint' | 'detected';
  /** Languages of the terms that decided (the `matches`), in order of first appearance. */
  termLanguages: InferenceLanguage[];
}

interface Entry {
  category: LexiconCategory;
  term: string;
  weight: number;
  language: InferenceLanguage;
  /** LANGUAGE_BIT of `language`. */
  bit: number;
  /** Latin script: token patterns (`prefix*` or exact). */
  tokens?: readonly { text: string; prefix: boolean }[];
  /** CJK: the term without spaces, matched as a substring. */
  compact?: string;
  /** `*teil*` (German compounds): matched inside a word. */
  infix?: string;
}

interface Candidate {
  entry: Entry;
  start: number;
  end: number;
}

/** What the matcher knows of one exact word: the terms it starts, the languages it hints. */
interface WordInfo {
  entries: Entry[];
  /** LANGUAGE_BIT bits of the function-word lists it is on. */
  votes: number;
}

interface Field {
  field: TermMatch['field'];
  tokens: string[];
  latin: Candidate[];
  compact: string;
}

/** Letters of a prefix term that index it. */
const PREFIX_KEY = 3;

/** Hangul, kana or Han: text matched as substrings without spaces. */
const CJK =
  /[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]/;
const VOTERS = ['en', ...LATIN_LANGUAGES] as const;

export class CategoryInference {
  private readonly exact = new Map<string, WordInfo>();
  /**
   * Single-word prefix terms by their first PREFIX_KEY letters (all of them when shorter),
   * longest prefix first: a word is looked up once or twice, not once per prefix length.
   */
  private readonly prefixes = new Map<string, Entry[]>();
  /** Whether some prefix is shorter than PREFIX_KEY. */
  private readonly shortPrefixes: boolean;
  /** CJK entries by their first character: one pass over the text finds them all. */
  private readonly cjk = new Map<string, Entry[]>();
  /** `*part*` entries: only looked for when their language applies. */
  private readonly infixes: Entry[] = [];

  constructor(
    lexicon: Lexicon = CATEGORY_LEXICON,
    languages: Readonly<Partial<Record<InferenceLanguage, Lexicon>>> = LANGUAGE_LEXICONS,
  ) {
    const add = (
      language: InferenceLanguage,
      category: LexiconCategory,
      weight: number,
      term: string,
    ) => {
      const bit = LANGUAGE_BIT[language];
      if (CJK.test(term)) {
        const compact = fold(normalize(term)).replace(/\s+/g, '');
        const list = this.cjk.get(compact[0]) ?? [];
        list.push({ category, term, weight, language, bit, compact });
        this.cjk.set(compact[0], list);
        return;
      }
      const infix = /^\*([a-z0-9]+)\*$/.exec(fold(normalize(term)));
      if (infix) {
        this.infixes.push({ category, term, weight, language, bit, infix: infix[1] });
        return;
      }
      const tokens = tokenize(term).map((t, i, all) => {
        const prefix = i === all.length - 1 && term.trimEnd().endsWith('*');
        return { text: t, prefix };
      });
      if (tokens.length === 0) throw new Error(`Lexicon term "${term}" has no word`);
      const entry: Entry = { category, term, weight, language, bit, tokens };
      const first = tokens[0];
      if (tokens.length === 1 && first.prefix) {
        const key = first.text.slice(0, PREFIX_KEY);
        const list = this.prefixes.get(key) ?? [];
        list.push(entry);
        this.prefixes.set(key, list);
      } else {
        this.word(first.text).entries.push(entry);
      }
    };
    const load = (lex: Lexicon, language: (term: string) => InferenceLanguage) => {
      for (const [category, groups] of Object.entries(lex) as [
        LexiconCategory,
        readonly LexiconGroup[],
      ][]) {
        for (const [weight, ...terms] of groups) {
          for (const term of terms) add(language(term), category, weight, term);
        }
      }
    };
    load(lexicon, (term) => (HANGUL.test(term) ? 'ko' : 'en'));
    for (const [language, lex] of Object.entries(languages) as [InferenceLanguage, Lexicon][]) {
      load(lex, () => language);
    }
    for (const language of VOTERS) {
      for (const word of FUNCTION_WORDS[language]) this.word(word).votes |= LANGUAGE_BIT[language];
    }
    this.shortPrefixes = [...this.prefixes.keys()].some((key) => key.length < PREFIX_KEY);
    for (const list of this.prefixes.values()) {
      // Stable: equal lengths keep the lexicon's order.
      list.sort((a, b) => b.tokens![0].text.length - a.tokens![0].text.length);
    }
  }

  /**
   * `language` is the ticket's BCP 47 tag, a hint: the text is read in English, in the hinted
   * language and in the language(s) the text itself shows.
   */
  infer(subject: string, description = '', language?: string): InferenceResult {
    const votes = { en: 0, de: 0, fr: 0, es: 0, pt: 0 };
    const fields = [
      this.read(subject, 'subject', votes),
      this.read(description, 'description', votes),
    ];
    const cjkText = fields[0].compact + fields[1].compact;
    const scope = languageScope(cjkText, votes, hintedLanguage(language));
    const matches: TermMatch[] = [];
    const languageOf = new Map<TermMatch, InferenceLanguage>();
    for (const { field, tokens, latin, compact } of fields) {
      if (tokens.length > 0) {
        const candidates = this.inScope(latin, scope.mask);
        if (this.infixes.length > 0) this.infixCandidates(tokens, scope.mask, candidates);
        accept(candidates, tokens.length, field, matches, languageOf);
      }
      if (compact) {
        accept(this.cjkCandidates(compact, scope.mask), compact.length, field, matches, languageOf);
      }
    }
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
    const known = scope.language ? { language: scope.language, languageSource: scope.source } : {};
    if (!winner || winnerScore < MIN_INFERENCE_SCORE) {
      return {
        category: 'other',
        source: 'default',
        matches: [],
        scores,
        ...known,
        termLanguages: [],
      };
    }
    const decisive = counted
      .filter((m) => m.category === winner)
      .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term));
    const termLanguages: InferenceLanguage[] = [];
    for (const match of decisive) {
      const lang = languageOf.get(match)!;
      if (!termLanguages.includes(lang)) termLanguages.push(lang);
    }
    // A terse text without function words ("App crashes on start"): its terms tell the language.
    const reported =
      scope.language || termLanguages.length !== 1
        ? known
        : { language: termLanguages[0], languageSource: 'detected' as const };
    return {
      category: winner,
      source: 'inferred',
      matches: decisive,
      scores,
      ...reported,
      termLanguages,
    };
  }

  private word(text: string): WordInfo {
    let info = this.exact.get(text);
    if (!info) {
      info = { entries: [], votes: 0 };
      this.exact.set(text, info);
    }
    return info;
  }

  /** Normalizes a field, finds its Latin-script candidates and counts its function words. */
  private read(
    text: string,
    field: TermMatch['field'],
    votes: Record<(typeof VOTERS)[number], number>,
  ): Field {
    if (!text) return { field, tokens: [], latin: [], compact: '' };
    const normalized = fold(normalize(text));
    const tokens = splitWords(normalized);
    const latin: Candidate[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const info = this.exact.get(token);
      if (info) {
        if (info.votes !== 0) {
          for (const language of VOTERS) if (info.votes & LANGUAGE_BIT[language]) votes[language]++;
        }
        for (const entry of info.entries) {
          const end = matchRest(entry, tokens, i);
          if (end > 0) latin.push({ entry, start: i, end });
        }
      }
      if (token.length >= PREFIX_KEY) {
        const list = this.prefixes.get(token.slice(0, PREFIX_KEY));
        if (list) {
          for (const entry of list) {
            if (token.startsWith(entry.tokens![0].text))
              latin.push({ entry, start: i, end: i + 1 });
          }
        }
      }
      if (token.length < PREFIX_KEY || this.shortPrefixes) {
        // Prefixes shorter than the key ("vm*"): looked up by each of the word's short starts.
        for (let k = Math.min(token.length, PREFIX_KEY - 1); k >= 1; k--) {
          const list = this.prefixes.get(k === token.length ? token : token.slice(0, k));
          if (list) for (const entry of list) latin.push({ entry, start: i, end: i + 1 });
        }
      }
    }
    const compact = CJK.test(normalized) ? normalized.replace(/\s+/g, '') : '';
    return { field, tokens, latin, compact };
  }

  private inScope(candidates: Candidate[], mask: number): Candidate[] {
    // English and Korean always apply; skip the copy when nothing else was found.
    return candidates.every((c) => c.entry.bit & mask)
      ? candidates
      : candidates.filter((c) => c.entry.bit & mask);
  }

  private infixCandidates(tokens: string[], mask: number, out: Candidate[]): void {
    for (const entry of this.infixes) {
      if (!(entry.bit & mask)) continue;
      const part = entry.infix!;
      for (let i = 0; i < tokens.length; i++) {
        if (tokens[i].length >= part.length && tokens[i].includes(part)) {
          out.push({ entry, start: i, end: i + 1 });
        }
      }
    }
  }

  private cjkCandidates(compact: string, mask: number): Candidate[] {
    const candidates: Candidate[] = [];
    for (let at = 0; at < compact.length; at++) {
      const entries = this.cjk.get(compact[at]);
      if (!entries) continue;
      for (const entry of entries) {
        if (!(entry.bit & mask)) continue;
        const term = entry.compact!;
        if (compact.startsWith(term, at))
          candidates.push({ entry, start: at, end: at + term.length });
      }
    }
    return candidates;
  }
}

/** Longest first, then heaviest: a phrase consumes the words it covers. */
function accept(
  candidates: Candidate[],
  size: number,
  field: TermMatch['field'],
  found: TermMatch[],
  languageOf: Map<TermMatch, InferenceLanguage>,
): void {
  if (candidates.length === 0) return;
  const taken = new Uint8Array(size);
  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) || b.entry.weight - a.entry.weight || a.start - b.start,
  );
  for (const { entry, start, end } of candidates) {
    let free = true;
    for (let i = start; i < end && free; i++) free = taken[i] === 0;
    if (!free) continue;
    taken.fill(1, start, end);
    if (entry.category !== 'neutral' && entry.weight > 0) {
      const weight = field === 'subject' ? entry.weight * SUBJECT_FACTOR : entry.weight;
      const match: TermMatch = { category: entry.category, term: entry.term, field, weight };
      languageOf.set(match, entry.language);
      found.push(match);
    }
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

/**
 * Lower case, compatibility forms folded, apostrophes dropped so "can't" reads "cant"; a French
 * elision is split off instead ("l'abonnement" reads "l abonnement").
 */
export function normalize(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  if (!HAS_APOSTROPHE.test(lower)) return lower;
  return lower.replace(APOSTROPHES, (_, elided: string | undefined) =>
    elided ? `${elided} ` : '',
  );
}
const HAS_APOSTROPHE = /['’‘`´]/;
const APOSTROPHES = /\b(c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu)['’](?=[a-z\u00e0-\u00ff])|['’‘`´]/g;

/** Latin letters without their accents ("é" -> "e", "ß" -> "ss", "œ" -> "oe"). */
const FOLDED = new Map<string, string>([
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['đ', 'd'],
  ['ł', 'l'],
  ['þ', 'th'],
]);
const ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/g;

/** Folds accents of normalized (lower-case) text: "für" and "fur" read the same. */
export function fold(normalized: string): string {
  ACCENTED.lastIndex = 0;
  if (!ACCENTED.test(normalized)) return normalized;
  return normalized.replace(ACCENTED, (c) => {
    let folded = FOLDED.get(c);
    if (folded === undefined) {
      folded = c.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      FOLDED.set(c, folded);
    }
    return folded;
  });
}

function tokenize(text: string): string[] {
  return splitWords(fold(normalize(text)));
}

/** Words of normalized text. Other scripts separate words too, so "api를" still yields "api". */
function splitWords(normalized: string): string[] {
  return normalized.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}
