import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DecisionFiltersQuery } from '../../common/dto/decision-filters.query';
import { IsIntInRange, ToInteger } from '../../common/validation';
import {
  STATS_BUCKETS,
  STATS_DIMENSIONS,
  StatsBucket,
  StatsDimension,
} from '../../persistence/audit-record';

export const MAX_BUCKETS = 2000;
export const MAX_SERIES = 100;
/**
 * groupBy=target counts each top target in each bucket with a statement part of its own:
 * buckets × top is bounded so the statement stays far below the server's max_allowed_packet
 * (16 MiB by default on MariaDB) and its run time stays reasonable.
 */
export const MAX_TARGET_COUNTS = 20_000;

export class StatsQuery extends DecisionFiltersQuery {
  @ApiPropertyOptional({
    enum: STATS_DIMENSIONS,
    default: 'party',
    description: 'What to count by',
  })
  @IsOptional()
  @IsIn(STATS_DIMENSIONS, { message: `groupBy must be one of ${STATS_DIMENSIONS.join(', ')}` })
  groupBy?: StatsDimension;

  @ApiPropertyOptional({
    enum: STATS_BUCKETS,
    default: 'day',
    description: `Bucket size (UTC; weeks start on Monday); at most ${MAX_BUCKETS} buckets per range`,
  })
  @IsOptional()
  @IsIn(STATS_BUCKETS, { message: `bucket must be one of ${STATS_BUCKETS.join(', ')}` })
  bucket?: StatsBucket;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_SERIES,
    default: 20,
    description:
      'Series kept (largest first); the rest are summed into `rest`. With groupBy=target, ' +
      `buckets × top may be at most ${MAX_TARGET_COUNTS}`,
  })
  @IsOptional()
  @ToInteger()
  @IsIntInRange(1, MAX_SERIES)
  top?: number;
}

export class TopTargetsQuery extends DecisionFiltersQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SERIES, default: 10 })
  @IsOptional()
  @ToInteger()
  @IsIntInRange(1, MAX_SERIES)
  limit?: number;
}
