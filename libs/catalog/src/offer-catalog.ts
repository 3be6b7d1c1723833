import { CatalogOffer, IsvContacts, SupportCatalog } from '@app/support-model';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The catalog file is wrong; the message names every bad entry by index, offerId and field. */
export class CatalogError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `Invalid offer catalog ${source}: ${problems.join('; ')}. ` +
        'Fix the file (format: contract.md "The offer catalog") and start again.',
    );
    this.name = 'CatalogError';
  }
}

const CONTACT_KEYS = ['engineering', 'customerSupport', 'cspProgram'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isEmailOrUrl(value: string): boolean {
  if (EMAIL.test(value) && !value.includes('://')) return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/**
 * The offer catalog (contract.md): a JSON array of offers, looked up by offerId. It is the
 * authority on an offer's publisher and on whether it is Azure-based.
 */
export class OfferCatalog implements SupportCatalog {
  private readonly byOfferId: ReadonlyMap<string, CatalogOffer>;
  private readonly publisherNames: ReadonlyMap<string, string>;
  /**
   * Which catalog made a decision: a hash of its offers as validated (order, formatting and
   * unknown fields do not change it), carried by every routed event and audit row.
   */
  readonly version: string;

  private constructor(readonly offers: readonly CatalogOffer[]) {
    const sorted = [...offers].sort((a, b) => (a.offerId < b.offerId ? -1 : 1));
    this.version = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
    this.byOfferId = new Map(offers.map((offer) => [offer.offerId, offer]));
    const names = new Map<string, string>();
    for (const offer of offers) {
      if (!names.has(offer.publisherId)) names.set(offer.publisherId, offer.publisherName);
    }
    this.publisherNames = names;
  }

  static fromFile(file: string): OfferCatalog {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CatalogError(file, [`cannot be read (${(error as Error).message})`]);
    }
    return OfferCatalog.fromJson(text, file);
  }

  static fromJson(text: string, source = 'catalog'): OfferCatalog {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CatalogError(source, [`is not valid JSON (${(error as Error).message})`]);
    }
    return OfferCatalog.fromValue(parsed, source);
  }

  /** Validates every entry and reports all problems at once. */
  static fromValue(value: unknown, source = 'catalog'): OfferCatalog {
    if (!Array.isArray(value)) {
      throw new CatalogError(source, ['must be a JSON array of offers']);
    }
    const problems: string[] = [];
    const offers: CatalogOffer[] = [];
    const firstIndex = new Map<string, number>();
    value.forEach((entry: unknown, index) => {
      const offer = parseOffer(entry, index, problems);
      if (!offer) return;
      const seen = firstIndex.get(offer.offerId);
      if (seen !== undefined) {
        problems.push(`entry ${index} (offerId "${offer.offerId}"): offerId repeats entry ${seen}`);
        return;
      }
      firstIndex.set(offer.offerId, index);
      offers.push(offer);
    });
    if (problems.length > 0) throw new CatalogError(source, problems);
    return new OfferCatalog(offers);
  }

  findOffer(offerId: string): CatalogOffer | undefined {
    return this.byOfferId.get(offerId);
  }

  findPublisherName(publisherId: string): string | undefined {
    return this.publisherNames.get(publisherId);
  }

  get size(): number {
    return this.offers.length;
  }
}

function parseOffer(entry: unknown, index: number, problems: string[]): CatalogOffer | null {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    problems.push(`entry ${index}: must be an object`);
    return null;
  }
  const raw = entry as Record<string, unknown>;
  const own = (key: string) => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  const label =
    typeof own('offerId') === 'string'
      ? `entry ${index} (offerId "${String(own('offerId'))}")`
      : `entry ${index}`;
  const before = problems.length;
  const text = (key: string): string => {
    const value = own(key);
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${label}: ${key} must be a non-empty string`);
      return '';
    }
    return value;
  };
  const offer: CatalogOffer = {
    offerId: text('offerId'),
    publisherId: text('publisherId'),
    publisherName: text('publisherName'),
    offerName: text('offerName'),
    azureBased: false,
  };
  const azureBased = own('azureBased');
  if (typeof azureBased !== 'boolean') {
    problems.push(`${label}: azureBased must be true or false`);
  } else offer.azureBased = azureBased;

  const contacts = own('contacts');
  if (contacts !== undefined && contacts !== null) {
    if (typeof contacts !== 'object' || Array.isArray(contacts)) {
      problems.push(`${label}: contacts must be an object`);
    } else {
      const parsed: IsvContacts = {};
      for (const key of CONTACT_KEYS) {
        const value = Object.hasOwn(contacts, key)
          ? (contacts as Record<string, unknown>)[key]
          : undefined;
        if (value === undefined || value === null) continue;
        if (typeof value !== 'string' || !isEmailOrUrl(value)) {
          problems.push(`${label}: contacts.${key} must be an e-mail address or a URL`);
        } else parsed[key] = value;
      }
      offer.contacts = parsed;
    }
  }
  const documentationUrl = own('documentationUrl');
  if (documentationUrl !== undefined && documentationUrl !== null) {
    if (
      typeof documentationUrl !== 'string' ||
      !isEmailOrUrl(documentationUrl) ||
      EMAIL.test(documentationUrl)
    ) {
      problems.push(`${label}: documentationUrl must be a URL`);
    } else offer.documentationUrl = documentationUrl;
  }
  return problems.length === before ? offer : null;
}
