import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyTicketInput } from '../testing/ticket-created.arbitraries';
import { TicketCreatedV1 } from '../ticket-created/ticket-created.v1';
import { validateWithClasses } from '../validation/class-validation';
import { isIsoDateTime } from '../validation/formats';
import { asyncApiDocument, contractSchemas } from './contract-documents';

const docs = join(__dirname, '..', '..', '..', '..', 'docs');
const committed = (file: string): unknown => JSON.parse(readFileSync(join(docs, file), 'utf8'));
const STALE = 'is stale: run `npm run contracts:docs` and commit docs/';

describe('contract documents', () => {
  it.each(Object.entries(contractSchemas()))(
    'docs/schemas/%s matches the classes',
    (name, schema) => {
      expect({ [`docs/schemas/${name} ${STALE}`]: committed(`schemas/${name}`) }).toEqual({
        [`docs/schemas/${name} ${STALE}`]: schema,
      });
    },
  );

  it('docs/asyncapi.json matches the topics and classes', () => {
    expect({ [`docs/asyncapi.json ${STALE}`]: committed('asyncapi.json') }).toEqual({
      [`docs/asyncapi.json ${STALE}`]: asyncApiDocument(),
    });
  });

  it('lists every topic of the contract with its default name', () => {
    const doc = asyncApiDocument() as { channels: Record<string, { address: string }> };
    expect(Object.values(doc.channels).map((c) => c.address)).toEqual([
      'support.tickets.new',
      'support.tickets.routed.partner',
      'support.tickets.routed.isv',
      'support.tickets.routed.microsoft',
      'support.tickets.dlq',
    ]);
  });

  it('agrees with the classes on which ticket.created inputs are valid', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(contractSchemas()['ticket.created.v1.json']);
    fc.assert(
      fc.property(anyTicketInput, (input) => {
        const byClasses = validateWithClasses(TicketCreatedV1, input);
        const bySchema = validate(input);
        if (byClasses.ok) expect(bySchema).toBe(true);
        else if (bySchema) {
          // The schema checks the date-time's shape; only the classes check the calendar.
          expect(byClasses.errors).toEqual([{ path: 'occurredAt', message: expect.any(String) }]);
          expect(isIsoDateTime((input as { occurredAt: unknown }).occurredAt)).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
