import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

/** Environment values are strings: trim them, and turn integer strings into numbers. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export const IntSetting = (min: number, max: number) =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value,
    ),
    IsInt({ message: `must be an integer from ${min} to ${max}` }),
    Min(min, { message: `must be an integer from ${min} to ${max}` }),
    Max(max, { message: `must be an integer from ${min} to ${max}` }),
  );

export const IsDatabaseUrl = () =>
  applyDecorators(
    Trim(),
    Matches(/^mysql:\/\/[^/\s]+\/[A-Za-z0-9_]+(\?\S*)?$/, {
      message: 'must look like mysql://user[:password]@host[:port]/database',
    }),
  );

export const IsBrokerList = () =>
  applyDecorators(
    Trim(),
    Matches(/^[^,\s:]+:\d{1,5}(,[^,\s:]+:\d{1,5})*$/, {
      message: 'must be a comma-separated list of host:port, e.g. localhost:9092',
    }),
  );

export const IsTopicName = () =>
  applyDecorators(
    Trim(),
    Matches(/^[A-Za-z0-9._-]{1,249}$/, {
      message:
        'must be a Kafka topic name (letters, digits, ".", "_", "-"; at most 249 characters)',
    }),
  );
