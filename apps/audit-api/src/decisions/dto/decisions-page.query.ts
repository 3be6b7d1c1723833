import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { DecisionFiltersQuery } from '../../common/dto/decision-filters.query';
import { IsIntInRange, ToInteger } from '../../common/validation';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export class DecisionsPageQuery extends DecisionFiltersQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Rows per page',
  })
  @IsOptional()
  @ToInteger()
  @IsIntInRange(1, MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `nextCursor` of the previous page (same filters); omit for the first page',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, {
    message: 'cursor must be the nextCursor of a previous page, unchanged',
  })
  cursor?: string;
}
