import { ApiProperty } from '@nestjs/swagger';
import { STATS_BUCKETS, STATS_DIMENSIONS } from '../../persistence/audit-record';

export class StatsSeriesDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The value counted (a target is "type:id"); null: rows without one (rejected)',
    example: 'isv',
  })
  key!: string | null;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: 'array', items: { type: 'integer' }, description: 'One count per bucket' })
  counts!: number[];
}

export class StatsRestDto {
  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: 'array', items: { type: 'integer' } })
  counts!: number[];
}

export class StatsDto {
  @ApiProperty({ type: String, format: 'date-time' })
  from!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  to!: string;

  @ApiProperty({ enum: STATS_DIMENSIONS })
  groupBy!: string;

  @ApiProperty({ enum: STATS_BUCKETS })
  bucket!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'date-time' },
    description: 'Start of each bucket (UTC); every series has one count per bucket',
  })
  buckets!: string[];

  @ApiProperty({ type: 'integer', description: 'All rows counted' })
  total!: number;

  @ApiProperty({ type: [StatsSeriesDto], description: 'Largest total first' })
  series!: StatsSeriesDto[];

  @ApiProperty({ type: StatsRestDto, nullable: true, description: 'The keys beyond `top`, summed' })
  rest!: StatsRestDto | null;
}

export class TargetCountDto {
  @ApiProperty({ example: 'isv' })
  targetType!: string;

  @ApiProperty({ example: 'contoso' })
  targetId!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class TopTargetsDto {
  @ApiProperty({ type: String, format: 'date-time' })
  from!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  to!: string;

  @ApiProperty({ type: [TargetCountDto], description: 'Most decisions first' })
  targets!: TargetCountDto[];
}
