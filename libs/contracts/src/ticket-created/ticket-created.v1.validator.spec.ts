import fc from 'fast-check';
import { ValidationResult } from '../field-error';
import { anyTicketInput, validTicketCreated } from '../testing/ticket-created.arbitraries';
import { aTicketCreated } from '../testing/ticket-created.factory';
import { validateWithClasses } from '../validation/class-validation';
import { TicketCreatedV1 } from './ticket-created.v1';
import { validateTicketCreatedV1 } from './ticket-created.v1.validator';

const byPath = <T>(result: ValidationResult<T>) =>
  result.ok
    ? result
    : { ok: false, errors: [...result.errors].sort((a, b) => a.path.localeCompare(b.path)) };

describe(validateTicketCreatedV1.name, () => {
  it('gives the same verdict, errors and output as the class-validator classes', () => {
    fc.assert(
      fc.property(anyTicketInput, (input) => {
        expect(byPath(validateTicketCreatedV1(input))).toEqual(
          byPath(validateWithClasses(TicketCreatedV1, input)),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every valid event the contract allows', () => {
    fc.assert(
      fc.property(validTicketCreated, (event) => {
        expect(validateTicketCreatedV1(JSON.parse(JSON.stringify(event))).ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads own fields only, so inherited properties are never taken for input', () => {
    const input = Object.create({ eventId: 'inherited' }) as Record<string, unknown>;
    Object.assign(input, aTicketCreated({ eventId: undefined }));
    delete input.eventId;
    expect(validateTicketCreatedV1(input)).toEqual({
      ok: false,
      errors: [{ path: 'eventId', message: 'is required' }],
    });
  });
});
