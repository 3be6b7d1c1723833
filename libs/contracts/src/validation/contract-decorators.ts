// class-transformer's @Type reads design-time metadata: load the polyfill with the decorators.
import 'reflect-metadata';
import { Expose, Transform, Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { isIsoDateTime, isStringOfLength, stringMessage, WELL_FORMED_MESSAGE } from './formats';

/**
 * The vocabulary the contract classes are written in. Each decorator is ordinary
 * class-validator underneath, and records what it means in CONTRACT_SCHEMA_HINTS so the JSON
 * Schema generator can read conditions and nested types that class-validator keeps as
 * functions. The generator refuses any class-validator metadata it does not know, so a
 * decorator added without a schema meaning fails the schema test instead of drifting.
 */

type Ctor = abstract new (...args: never[]) => unknown;

export type FieldCondition =
  { path: string; in: readonly string[] } | { path: string; notIn: readonly string[] };

export type SchemaHint =
  | { kind: 'nested'; type: () => Ctor; array: boolean }
  | { kind: 'requiredWhen'; condition: FieldCondition }
  | {
      kind: 'valueAllowedFor';
      field: string;
      byPath: string;
      allowed: Record<string, readonly string[]>;
    };

export const CONTRACT_SCHEMA_HINTS = new Map<Ctor, Map<string, SchemaHint[]>>();

function hint(target: object, property: string, value: SchemaHint): void {
  const ctor = target.constructor as Ctor;
  const byProperty = CONTRACT_SCHEMA_HINTS.get(ctor) ?? new Map<string, SchemaHint[]>();
  byProperty.set(property, [...(byProperty.get(property) ?? []), value]);
  CONTRACT_SCHEMA_HINTS.set(ctor, byProperty);
}

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorator of decorators) decorator(target, property);
  };
}

export function readPath(object: unknown, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function conditionHolds(condition: FieldCondition, object: unknown): boolean {
  const value = readPath(object, condition.path);
  return 'in' in condition
    ? typeof value === 'string' && condition.in.includes(value)
    : !(typeof value === 'string' && condition.notIn.includes(value));
}

export function requiredWhenMessage(condition: FieldCondition, label = condition.path): string {
  return 'in' in condition
    ? `is required when ${label} is ${condition.in.join(' or ')}`
    : `is required unless ${label} is ${condition.notIn.join(' or ')}`;
}

export const REQUIRED_MESSAGE = 'is required';
export const OBJECT_MESSAGE = 'must be an object';
export const ARRAY_MESSAGE = 'must be an array';

export const Required = (): PropertyDecorator =>
  compose(Expose(), IsDefined({ message: REQUIRED_MESSAGE }));

/** Absent or null: helpdesks send either for "no value". */
export const Optional = (): PropertyDecorator => compose(Expose(), IsOptional());

/**
 * Required when a field of the same object (or, with a dotted path, of the event: the
 * validator reads it from the root object) satisfies the condition; otherwise optional.
 * `label` is how the message names the other field.
 */
export function RequiredWhen(condition: FieldCondition, label?: string): PropertyDecorator {
  return (target, property) => {
    const key = String(property);
    hint(target, key, { kind: 'requiredWhen', condition });
    compose(
      Expose(),
      ValidateIf(
        (object: Record<string, unknown>) =>
          conditionHolds(condition, object) || (object[key] !== undefined && object[key] !== null),
      ),
      IsDefined({ message: requiredWhenMessage(condition, label) }),
    )(target, property);
  };
}

export function BoundedString(min: number, max = Infinity): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'boundedString',
      target: target.constructor,
      propertyName: String(property),
      constraints: [min, max],
      options: { message: (args: ValidationArguments) => stringMessage(args.value, min, max) },
      validator: { validate: (value: unknown) => isStringOfLength(value, min, max) },
    });
}

export function PatternString(pattern: string, description: string): PropertyDecorator {
  const regex = new RegExp(pattern);
  return (target, property) =>
    registerDecorator({
      name: 'patternString',
      target: target.constructor,
      propertyName: String(property),
      constraints: [pattern, description],
      options: {
        message: (args: ValidationArguments) =>
          typeof args.value === 'string' && !args.value.isWellFormed()
            ? WELL_FORMED_MESSAGE
            : `must be ${description}`,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.isWellFormed() && regex.test(value),
      },
    });
}

export const DATE_TIME_MESSAGE = 'must be an ISO-8601 date-time such as 2026-11-23T10:15:00Z';

export function IsoDateTime(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isoDateTime',
      target: target.constructor,
      propertyName: String(property),
      constraints: [],
      options: { message: DATE_TIME_MESSAGE },
      validator: { validate: (value: unknown) => isIsoDateTime(value) },
    });
}

export const oneOfMessage = (values: readonly unknown[]) =>
  `must be one of: ${values.map(String).join(', ')}`;

export const OneOf = (values: readonly (string | number)[]): PropertyDecorator =>
  IsIn([...values], { message: oneOfMessage(values) });

export const exactlyMessage = (value: string | number) => `must be ${JSON.stringify(value)}`;

export const Exactly = (value: string | number): PropertyDecorator =>
  Equals(value, { message: exactlyMessage(value) });

export const Integer = (): PropertyDecorator => IsInt({ message: 'must be an integer' });

/** Arrays are not objects here; the marker keeps class-validator from validating items. */
const NOT_AN_OBJECT = '[not an object]';

export function Nested(type: () => Ctor): PropertyDecorator {
  return (target, property) => {
    hint(target, String(property), { kind: 'nested', type, array: false });
    compose(
      Transform(
        ({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) =>
          Array.isArray(obj[key]) ? NOT_AN_OBJECT : value,
      ),
      Type(type),
      (t, p) =>
        registerDecorator({
          name: 'plainObject',
          target: t.constructor,
          propertyName: String(p),
          options: { message: OBJECT_MESSAGE },
          validator: {
            validate: (value: unknown) =>
              value !== null && typeof value === 'object' && !Array.isArray(value),
          },
        }),
      ValidateNested(),
    )(target, property);
  };
}

export function NestedArray(type: () => Ctor): PropertyDecorator {
  return (target, property) => {
    hint(target, String(property), { kind: 'nested', type, array: true });
    compose(
      Type(type),
      (t, p) =>
        registerDecorator({
          name: 'arrayOf',
          target: t.constructor,
          propertyName: String(p),
          options: { message: ARRAY_MESSAGE },
          validator: { validate: (value: unknown) => Array.isArray(value) },
        }),
      ValidateNested({ each: true }),
    )(target, property);
  };
}

/** An array of strings, each matching `pattern` (a JSON Schema / RegExp source). */
export function StringArray(pattern = ''): PropertyDecorator {
  const regex = new RegExp(pattern);
  return (target, property) =>
    registerDecorator({
      name: 'stringArray',
      target: target.constructor,
      propertyName: String(property),
      constraints: [pattern],
      options: { message: 'must be an array of strings' },
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && value.every((v) => typeof v === 'string' && regex.test(v)),
      },
    });
}

export function IsBoolean(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'boolean',
      target: target.constructor,
      propertyName: String(property),
      options: { message: 'must be true or false' },
      validator: { validate: (value: unknown) => typeof value === 'boolean' },
    });
}

/** Any finite number (weights of matched terms). */
export function IsNumberValue(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'number',
      target: target.constructor,
      propertyName: String(property),
      options: { message: 'must be a number' },
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
      },
    });
}

export function valueAllowedMessage(
  byPath: string,
  value: string,
  allowed: readonly string[],
): string {
  return `must be ${allowed.join(' or ')} when ${byPath} is ${value}`;
}

/**
 * On an object property: its `field` must be one of `allowed[value at byPath]` (read from the
 * parent object). Reported at `<property>.<field>` (context.field), where the contradiction shows.
 */
export function ValueAllowedFor(
  field: string,
  byPath: string,
  allowed: Record<string, readonly string[]>,
): PropertyDecorator {
  return (target, property) => {
    const key = String(property);
    hint(target, key, { kind: 'valueAllowedFor', field, byPath, allowed });
    registerDecorator({
      name: 'valueAllowedFor',
      target: target.constructor,
      propertyName: key,
      constraints: [field, byPath, allowed],
      options: {
        context: { field },
        message: (args: ValidationArguments) => {
          const by = readPath(args.object, byPath) as string;
          return valueAllowedMessage(byPath, by, allowed[by] ?? []);
        },
      },
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          allowedFor(value, readPath(args.object, byPath), field, allowed),
      },
    });
  };
}

/** True unless both values are there and contradict; missing values are other rules' job. */
export function allowedFor(
  value: unknown,
  by: unknown,
  field: string,
  allowed: Record<string, readonly string[]>,
): boolean {
  if (typeof by !== 'string' || !Object.hasOwn(allowed, by)) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  const actual = (value as Record<string, unknown>)[field];
  // An unknown value is reported by the field's own rule, not as a contradiction.
  if (typeof actual !== 'string' || !Object.values(allowed).some((v) => v.includes(actual))) {
    return true;
  }
  return allowed[by].includes(actual);
}
