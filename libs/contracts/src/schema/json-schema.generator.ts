import { getMetadataStorage } from 'class-validator';
import {
  CONTRACT_SCHEMA_HINTS,
  FieldCondition,
  SchemaHint,
} from '../validation/contract-decorators';
import { DATE_TIME_PATTERN } from '../validation/formats';

/**
 * JSON Schema (2020-12) of a contract class, read from its class-validator metadata and the
 * hints the contract decorators record. Metadata it does not understand is an error, so the
 * committed schemas (docs/schemas) cannot silently fall behind the classes.
 */
export type JsonSchema = Record<string, unknown>;

type Ctor = abstract new (...args: never[]) => unknown;

interface PropertyPlan {
  schema: JsonSchema;
  required: boolean;
  nullable: boolean;
  conditions: SchemaHint[];
}

export function jsonSchemaOf(
  cls: Ctor,
  meta: { id: string; title: string; description: string },
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: meta.id,
    title: meta.title,
    description: meta.description,
    ...objectSchema(cls),
  };
}

function hintsOf(cls: Ctor, property: string): SchemaHint[] {
  const hints: SchemaHint[] = [];
  for (
    let c: unknown = cls;
    typeof c === 'function' && c !== Function.prototype;
    c = Object.getPrototypeOf(c)
  ) {
    hints.push(...(CONTRACT_SCHEMA_HINTS.get(c as Ctor)?.get(property) ?? []));
  }
  return hints;
}

function objectSchema(cls: Ctor): JsonSchema {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const plans = new Map<string, PropertyPlan>();
  for (const metadata of metadatas) {
    const property = metadata.propertyName;
    const plan: PropertyPlan = plans.get(property) ?? {
      schema: {},
      required: false,
      nullable: false,
      conditions: [],
    };
    plans.set(property, plan);
    const hints = hintsOf(cls, property);
    const nested = hints.find((h) => h.kind === 'nested');
    const constraints = (metadata.constraints ?? []) as unknown[];
    const name = metadata.name ?? metadata.type;
    switch (metadata.type === 'customValidation' ? name : metadata.type) {
      case 'isDefined':
        if (!hints.some((h) => h.kind === 'requiredWhen')) plan.required = true;
        break;
      case 'conditionalValidation':
        if (name === 'isOptional') plan.nullable = true;
        else {
          const when = hints.find((h) => h.kind === 'requiredWhen');
          if (!when) throw new Error(`${cls.name}.${property}: a condition without a schema hint`);
          plan.nullable = true;
          plan.conditions.push(when);
        }
        break;
      case 'nestedValidation':
        if (!nested) throw new Error(`${cls.name}.${property}: nested validation without a type`);
        break;
      case 'boundedString': {
        const [min, max] = constraints as [number, number];
        Object.assign(plan.schema, { type: 'string' });
        if (min > 0) plan.schema.minLength = min;
        if (Number.isFinite(max)) plan.schema.maxLength = max;
        break;
      }
      case 'patternString':
        Object.assign(plan.schema, {
          type: 'string',
          pattern: constraints[0],
          description: `${String(constraints[1])}`,
        });
        break;
      case 'isoDateTime':
        Object.assign(plan.schema, {
          type: 'string',
          pattern: DATE_TIME_PATTERN,
          description: 'ISO-8601 date-time (a real calendar date and time; offset optional)',
        });
        break;
      case 'isIn':
        plan.schema.enum = [...(constraints[0] as unknown[])];
        break;
      case 'equals':
        plan.schema.const = constraints[0];
        break;
      case 'isInt':
        plan.schema.type = 'integer';
        break;
      case 'boolean':
        plan.schema.type = 'boolean';
        break;
      case 'number':
        plan.schema.type = 'number';
        break;
      case 'plainObject':
        if (!nested || nested.kind !== 'nested')
          throw new Error(`${cls.name}.${property}: object without a type`);
        Object.assign(plan.schema, objectSchema(nested.type()));
        break;
      case 'arrayOf':
        if (!nested || nested.kind !== 'nested')
          throw new Error(`${cls.name}.${property}: array without a type`);
        Object.assign(plan.schema, { type: 'array', items: objectSchema(nested.type()) });
        break;
      case 'stringArray':
        Object.assign(plan.schema, {
          type: 'array',
          items: constraints[0] ? { type: 'string', pattern: constraints[0] } : { type: 'string' },
        });
        break;
      case 'valueAllowedFor':
        plan.conditions.push(hints.find((h) => h.kind === 'valueAllowedFor')!);
        break;
      default:
        throw new Error(
          `${cls.name}.${property}: no JSON Schema meaning for "${name}"; teach json-schema.generator.ts`,
        );
    }
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const allOf: JsonSchema[] = [];
  for (const [property, plan] of plans) {
    properties[property] = plan.nullable ? nullable(plan.schema) : plan.schema;
    if (plan.required) required.push(property);
    for (const condition of plan.conditions)
      allOf.push(...conditionSchemas(property, plan.schema, condition));
  }
  const schema: JsonSchema = {
    type: 'object',
    properties,
    // Unknown fields are tolerated (and dropped by the router), never an error.
    additionalProperties: true,
  };
  if (required.length) schema.required = required;
  if (allOf.length) schema.allOf = allOf;
  return schema;
}

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...(schema.enum as unknown[]), null] };
  return { anyOf: [schema, { type: 'null' }] };
}

/** `{a: {b: X}}` as "object has a, a has b, b matches X". */
function atPath(path: string, leaf: JsonSchema): JsonSchema {
  return path
    .split('.')
    .reverse()
    .reduce<JsonSchema>(
      (inner, key) => ({ type: 'object', required: [key], properties: { [key]: inner } }),
      leaf,
    );
}

function fieldCondition(condition: FieldCondition): JsonSchema {
  return 'in' in condition
    ? atPath(condition.path, { enum: [...condition.in] })
    : { not: atPath(condition.path, { enum: [...condition.notIn] }) };
}

function conditionSchemas(property: string, schema: JsonSchema, hint: SchemaHint): JsonSchema[] {
  if (hint.kind === 'requiredWhen') {
    return [
      {
        if: fieldCondition(hint.condition),
        then: { required: [property], properties: { [property]: schema } },
      },
    ];
  }
  if (hint.kind === 'valueAllowedFor') {
    return Object.entries(hint.allowed).map(([value, allowed]) => ({
      if: atPath(hint.byPath, { const: value }),
      then: {
        properties: { [property]: { properties: { [hint.field]: { enum: [...allowed] } } } },
      },
    }));
  }
  return [];
}
