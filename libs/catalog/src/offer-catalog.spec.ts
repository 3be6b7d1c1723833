import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogError, OfferCatalog } from './offer-catalog';

const anOffer = (overrides: Record<string, unknown> = {}) => ({
  offerId: 'contoso.saas-0',
  publisherId: 'contoso',
  publisherName: 'Contoso Ltd',
  offerName: 'Contoso Cloud Suite',
  azureBased: false,
  contacts: {
    engineering: 'eng@contoso.example',
    customerSupport: 'https://support.contoso.example',
  },
  documentationUrl: 'https://docs.contoso.example/',
  ...overrides,
});

describe(OfferCatalog.name, () => {
  it('finds an offer by offerId', () => {
    const sut = OfferCatalog.fromValue([
      anOffer(),
      anOffer({ offerId: 'other', azureBased: true }),
    ]);
    expect(sut.findOffer('other')).toMatchObject({ offerId: 'other', azureBased: true });
    expect(sut.findOffer('contoso.saas-0')).toEqual(anOffer());
    expect(sut.findOffer('missing')).toBeUndefined();
    expect(sut.size).toBe(2);
  });

  it("finds a publisher's name from any of its offers", () => {
    const sut = OfferCatalog.fromValue([anOffer()]);
    expect(sut.findPublisherName('contoso')).toBe('Contoso Ltd');
    expect(sut.findPublisherName('nobody')).toBeUndefined();
  });

  it('accepts offers without contacts or documentation and ignores unknown keys', () => {
    const sut = OfferCatalog.fromValue([
      anOffer({ contacts: undefined, documentationUrl: undefined, tier: 'gold' }),
    ]);
    expect(sut.findOffer('contoso.saas-0')).toEqual({
      offerId: 'contoso.saas-0',
      publisherId: 'contoso',
      publisherName: 'Contoso Ltd',
      offerName: 'Contoso Cloud Suite',
      azureBased: false,
    });
  });

  it('does not find an offer through an inherited key', () => {
    expect(OfferCatalog.fromValue([anOffer()]).findOffer('constructor')).toBeUndefined();
  });

  it('names the entry, its offerId and the field of every problem', () => {
    const act = () =>
      OfferCatalog.fromValue([
        anOffer(),
        anOffer({ offerId: 'bad.one', azureBased: 'yes', contacts: { engineering: 'call us' } }),
        'nope',
        anOffer({ publisherName: '' }),
      ]);
    expect(act).toThrow(CatalogError);
    expect(act).toThrow(
      'entry 1 (offerId "bad.one"): azureBased must be true or false; ' +
        'entry 1 (offerId "bad.one"): contacts.engineering must be an e-mail address or a URL; ' +
        'entry 2: must be an object; ' +
        'entry 3 (offerId "contoso.saas-0"): publisherName must be a non-empty string',
    );
  });

  it('rejects a repeated offerId', () => {
    expect(() => OfferCatalog.fromValue([anOffer(), anOffer()])).toThrow(
      'entry 1 (offerId "contoso.saas-0"): offerId repeats entry 0',
    );
  });

  it('rejects a file that is not an array of offers', () => {
    expect(() => OfferCatalog.fromJson('{"offers": []}', 'offers.json')).toThrow(
      'Invalid offer catalog offers.json: must be a JSON array of offers',
    );
    expect(() => OfferCatalog.fromJson('[', 'offers.json')).toThrow('is not valid JSON');
  });

  it('loads a file and says which file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    const file = join(dir, 'offers.json');
    writeFileSync(file, JSON.stringify([anOffer()]));
    expect(OfferCatalog.fromFile(file).size).toBe(1);
    expect(() => OfferCatalog.fromFile(join(dir, 'missing.json'))).toThrow(
      /Invalid offer catalog .*missing\.json: cannot be read/,
    );
  });

  it('loads the shipped config/offers.json', () => {
    const sut = OfferCatalog.fromFile(join(__dirname, '..', '..', '..', 'config', 'offers.json'));
    expect(sut.findOffer('fabrikam.managed-app-1')?.azureBased).toBe(true);
  });
});
