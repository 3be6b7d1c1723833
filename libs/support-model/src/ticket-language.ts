/**
 * Which languages' terms apply to a ticket. The ticket's `language` (BCP 47) is a hint, never
 * required: the text decides too. Scripts settle Korean (Hangul), Japanese (kana) and Chinese
 * (Han without kana); among Latin-script languages, common function words ("der", "und",
 * "nous", "los", "não") pick the language. English terms always apply, since English words turn
 * up in tickets of every language ("API", "login").
 */
export const INFERENCE_LANGUAGES = ['en', 'ko', 'ja', 'zh', 'de', 'fr', 'es', 'pt'] as const;
export type InferenceLanguage = (typeof INFERENCE_LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<InferenceLanguage, string>> = {
  en: 'English',
  ko: 'Korean',
  ja: 'Japanese',
  zh: 'Chinese',
  de: 'German',
  fr: 'French',
  es: 'Spanish',
  pt: 'Portuguese',
};

export const LATIN_LANGUAGES = ['de', 'fr', 'es', 'pt'] as const;
export type LatinLanguage = (typeof LATIN_LANGUAGES)[number];

/** Bit of a language in a scope mask. */
export const LANGUAGE_BIT: Readonly<Record<InferenceLanguage, number>> = {
  en: 1,
  ko: 2,
  ja: 4,
  zh: 8,
  de: 16,
  fr: 32,
  es: 64,
  pt: 128,
};
const ALL_LATIN = LANGUAGE_BIT.de | LANGUAGE_BIT.fr | LANGUAGE_BIT.es | LANGUAGE_BIT.pt;

/**
 * Function words (accents folded, as the matcher sees them). A word may belong to several
 * languages ("que", "des"); it counts for each. Chosen to be rare as English words.
 */
export const FUNCTION_WORDS: Readonly<Record<LatinLanguage | 'en', readonly string[]>> = {
  en: words('the and is are we our you this that with have was'),
  de: words(
    'der die das und ist nicht ich wir unser unsere unseren mit bei auf eine einen ein kann ' +
      'konnen seit wurde haben sich bitte keine kein auch fur dem den noch wie beim zum hallo ' +
      'danke wird sind uns mehr nach oder aber wenn mein meine ihr ihre immer jetzt heute wieder',
  ),
  fr: words(
    'le la les des du une est et nous notre nos pas avec pour sur dans je vous depuis mais qui ' +
      'que ne au aux cette ce mon ma mes votre bonjour merci avons sont il plus lors aujourdhui ' +
      'sommes ou',
  ),
  es: words(
    'el los las del una es y con para por nuestro nuestra nuestros nuestras se mi esta desde ' +
      'pero muy hay tenemos cuando como que la hola gracias puedo podemos al sus su estamos ya ' +
      'otra vez hoy tengo usted ustedes favor',
  ),
  pt: words(
    'os do da dos das um uma nao com para por nosso nossa nossos nossas meu minha esta desde ' +
      'mas muito foi ao em na no que voces voce ola obrigado obrigada estamos temos pelo pela ' +
      'seu sua hoje ja isso tenho posso podemos favor',
  ),
};

function words(list: string): readonly string[] {
  return list.split(' ');
}

export interface LanguageScope {
  /** Bits of LANGUAGE_BIT whose terms apply. */
  mask: number;
  /** The language the ticket is taken to be written in, when one stands out. */
  language?: InferenceLanguage;
  /** Where `language` came from. */
  source?: 'hint' | 'detected';
}

/** "de-AT" -> "de", "zh-Hant-TW" -> "zh"; undefined for a language without terms. */
export function hintedLanguage(tag: string | undefined): InferenceLanguage | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (INFERENCE_LANGUAGES as readonly string[]).includes(primary)
    ? (primary as InferenceLanguage)
    : undefined;
}

export const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/;
export const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
export const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;

/**
 * The scope of a ticket's text. `latinVotes` counts function words per language (en, de, fr,
 * es, pt); `text` is the normalized subject and description.
 */
export function languageScope(
  text: string,
  latinVotes: Readonly<Record<LatinLanguage | 'en', number>>,
  hint: InferenceLanguage | undefined,
): LanguageScope {
  let mask = LANGUAGE_BIT.en | LANGUAGE_BIT.ko;
  let detected: InferenceLanguage | undefined;
  const hasKana = KANA.test(text);
  const hasHan = hasKana || HAN.test(text);
  if (hasHan) {
    // Han characters alone read as Chinese unless the hint says Japanese; kana are Japanese.
    const cjk: InferenceLanguage = hasKana || hint === 'ja' ? 'ja' : 'zh';
    mask |= LANGUAGE_BIT[cjk];
    detected = hasKana ? 'ja' : 'zh';
  } else if (HANGUL.test(text)) {
    detected = 'ko';
  }
  // The Latin language with the most function words, if it has at least as many as English:
  // a stray "do" or "de" in English text does not bring in Portuguese or French terms.
  let bestVotes = latinVotes.en;
  let best: LatinLanguage[] = [];
  for (const language of LATIN_LANGUAGES) {
    const votes = latinVotes[language];
    if (votes === 0 || votes < bestVotes) continue;
    if (votes > bestVotes) best = [];
    best.push(language);
    bestVotes = votes;
  }
  // Tied function words ("que", "para") bring in every language that could be meant.
  for (const language of best) mask |= LANGUAGE_BIT[language];
  if (best.length === 1 && !detected) detected = best[0];
  if (bestVotes === 0) {
    // No function word at all (a terse subject such as "Rechnung doppelt"): every language.
    mask |= ALL_LATIN;
  }
  if (!detected && latinVotes.en > 0 && best.length === 0) detected = 'en';
  if (hint) {
    mask |= LANGUAGE_BIT[hint];
    // A hint of Chinese for text with kana, or of a Latin language for CJK text, is ignored as
    // the language; its terms still apply.
    if (!detected || hint === detected || (hint === 'ja' && detected === 'zh')) {
      return { mask, language: hint, source: 'hint' };
    }
  }
  return detected ? { mask, language: detected, source: 'detected' } : { mask };
}
