import { IsEmail } from 'class-validator';
import { BoundedString, Optional, Required } from '../validation/contract-decorators';
import { jsonSchemaOf } from './json-schema.generator';

class Known {
  @Required()
  @BoundedString(1, 10)
  name!: string;

  @Optional()
  @BoundedString(0)
  note?: string;
}

class Unknown {
  @Required()
  @IsEmail()
  email!: string;
}

const meta = { id: 'x', title: 'x', description: 'x' };

describe(jsonSchemaOf.name, () => {
  it('turns required, optional and bounded strings into JSON Schema', () => {
    expect(jsonSchemaOf(Known, meta)).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 10 },
        note: { type: ['string', 'null'] },
      },
    });
  });

  it('refuses a decorator it cannot express, so the committed schema cannot drift', () => {
    expect(() => jsonSchemaOf(Unknown, meta)).toThrow(
      'Unknown.email: no JSON Schema meaning for "isEmail"',
    );
  });
});
