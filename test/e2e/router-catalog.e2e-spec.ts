import { OfferCatalog } from '@app/catalog';
import { aTicketCreated } from '@app/contracts/testing/ticket-created.factory';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformanceDir } from '../support/conformance';
import { ensureBuilt, RouterProcess } from '../support/router-process';
import { produceInputs, routerStack, RouterStack } from '../support/router-stack';
import { openDataSource } from '../support/services';
import { ReadMessage, readTopics, sleep } from '../support/topic-reader';

// The catalog changes while the router consumes: the next tickets carry the new contacts and
// offers and name the new catalog version; a bad update is refused and the catalog in force
// stays; nothing is lost or doubled across the change.
type Offer = Record<string, unknown> & { offerId: string; contacts?: Record<string, string> };

const original = JSON.parse(readFileSync(join(conformanceDir(), 'offers.json'), 'utf8')) as Offer[];
const updated: Offer[] = [
  ...original.map((o) =>
    o.offerId === 'contoso.saas-0'
      ? { ...o, contacts: { ...o.contacts, engineering: 'escalations@contoso.example' } }
      : o,
  ),
  {
    offerId: 'northwind.crm-9',
    publisherId: 'northwind',
    publisherName: 'Northwind Traders',
    offerName: 'Northwind CRM',
    azureBased: false,
    contacts: { engineering: 'eng@northwind.example' },
  },
];
const V1 = OfferCatalog.fromValue(original).version;
const V2 = OfferCatalog.fromValue(updated).version;

const crash = (id: string, offerId: string) =>
  JSON.stringify(
    aTicketCreated({
      eventId: id,
      ticket: { id: `T-${id}`, subject: 'The app crashes on start', category: 'break-fix' },
      product: { type: 'third-party', offerId },
    }),
  );

interface Routed {
  sourceEventId: string;
  routing: {
    target: { id: string; contacts?: Record<string, string> };
    catalogVersion?: string;
  };
}

describe('router with a catalog that changes while it runs', () => {
  let stack: RouterStack;
  let router: RouterProcess;
  let file: string;
  let out: ReadMessage[];
  const stream = Array.from({ length: 120 }, (_, i) => crash(`S-${i}`, 'contoso.saas-0'));

  /** Replaces the file as configuration tools do: write aside, then rename over it. */
  const publish = (offers: unknown) => {
    writeFileSync(`${file}.tmp`, JSON.stringify(offers, null, 2));
    renameSync(`${file}.tmp`, file);
  };
  const waitForLog = async (pattern: RegExp) => {
    const deadline = Date.now() + 30_000;
    while (!pattern.test(router.output())) {
      if (Date.now() > deadline) throw new Error(`router never logged ${String(pattern)}`);
      await sleep(200);
    }
  };
  const routed = (id: string): Routed => {
    const found = out.filter((m) => m.headers.sourceEventId === id);
    expect(found).toHaveLength(1);
    return JSON.parse(found[0].value) as Routed;
  };

  beforeAll(async () => {
    ensureBuilt('router');
    stack = await routerStack('catalog');
    file = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'offers.json');
    publish(original);
    router = new RouterProcess('router-catalog', {
      ...stack.env,
      CATALOG_FILE: file,
      CATALOG_RELOAD_SECONDS: '1',
    });
    await router.start();

    await produceInputs(stack.kafka, stack.topics.input, [
      crash('BEFORE-contoso', 'contoso.saas-0'),
      crash('BEFORE-northwind', 'northwind.crm-9'),
    ]);
    await readTopics(stack.kafka, stack.routedTopics, (m) => m.length >= 2);

    // A stream keeps coming while the catalog changes under it.
    const streaming = (async () => {
      for (let i = 0; i < stream.length; i += 10) {
        await produceInputs(stack.kafka, stack.topics.input, stream.slice(i, i + 10));
        await sleep(100);
      }
    })();
    await sleep(300);
    publish(updated);
    await waitForLog(/"msg":"catalog reloaded"/);
    await streaming;
    await produceInputs(stack.kafka, stack.topics.input, [
      crash('AFTER-contoso', 'contoso.saas-0'),
      crash('AFTER-northwind', 'northwind.crm-9'),
    ]);

    publish([{ ...updated[0], azureBased: 'yes' }]);
    await waitForLog(/"msg":"catalog update refused; the catalog in force stays"/);
    await produceInputs(stack.kafka, stack.topics.input, [
      crash('REFUSED-contoso', 'contoso.saas-0'),
    ]);

    const total = 2 + stream.length + 2 + 1;
    out = await readTopics(
      stack.kafka,
      [...stack.routedTopics, stack.topics.dlq],
      (m) => m.length >= total,
    );
  });

  afterAll(async () => {
    await router?.close();
    await stack?.db.drop();
  });

  it('routes with the catalog it started with, naming its version', () => {
    expect(routed('BEFORE-contoso').routing).toMatchObject({
      target: { id: 'contoso', contacts: { engineering: 'eng@contoso.example' } },
      catalogVersion: V1,
    });
    expect(routed('BEFORE-northwind').routing.target.id).not.toBe('northwind');
  });

  it('uses the changed contacts and the added offer for the next tickets', () => {
    expect(routed('AFTER-contoso').routing).toMatchObject({
      target: { id: 'contoso', contacts: { engineering: 'escalations@contoso.example' } },
      catalogVersion: V2,
    });
    expect(routed('AFTER-northwind').routing).toMatchObject({
      target: { id: 'northwind', contacts: { engineering: 'eng@northwind.example' } },
      catalogVersion: V2,
    });
  });

  it('refuses a bad update, saying why, and keeps the catalog in force', () => {
    expect(router.output()).toMatch(/catalog update refused[^\n]*azureBased must be true or false/);
    expect(routed('REFUSED-contoso').routing.catalogVersion).toBe(V2);
  });

  it('loses and doubles nothing across the change; per partition the version only moves forward', () => {
    const versions = new Map<string, string[]>();
    for (let i = 0; i < stream.length; i++) {
      const message = out.filter((m) => m.headers.sourceEventId === `S-${i}`);
      expect(message).toHaveLength(1);
      const event = JSON.parse(message[0].value) as Routed;
      const partition = `${message[0].topic}:${message[0].partition}`;
      versions.set(partition, [...(versions.get(partition) ?? []), event.routing.catalogVersion!]);
    }
    for (const list of versions.values()) {
      const firstNew = list.indexOf(V2);
      if (firstNew >= 0) expect(list.slice(firstNew).every((v) => v === V2)).toBe(true);
      expect(list.every((v) => v === V1 || v === V2)).toBe(true);
    }
    expect(out.filter((m) => m.topic === stack.topics.dlq)).toEqual([]);
  });

  it('keeps the catalog version in each audit row', async () => {
    const dataSource = await openDataSource(stack.db.url);
    try {
      const rows: { eventId: string; catalogVersion: string }[] = await dataSource.query(
        'SELECT event_id AS eventId, catalog_version AS catalogVersion FROM audit_events',
      );
      expect(rows).toHaveLength(out.length);
      for (const row of rows) {
        expect(row.catalogVersion).toBe(routed(row.eventId).routing.catalogVersion);
      }
    } finally {
      await dataSource.destroy();
    }
  });
});
