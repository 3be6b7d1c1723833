import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStandardErrors } from '../common/api-errors.decorator';
import { COUNTED_ROWS } from '../common/dto/decision-filters.query';
import { StatsDto, TopTargetsDto } from './dto/stats.dto';
import { StatsQuery, TopTargetsQuery } from './dto/stats.query';
import { DEFAULT_STATS_DAYS, StatsService } from './stats.service';

@ApiTags('stats')
@ApiStandardErrors()
@Controller({ path: 'stats', version: '1' })
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Decision counts per bucket, grouped',
    description:
      'Counts by party, category, rule, target or outcome per hour, day or week (UTC) over ' +
      `[from, to); the last ${DEFAULT_STATS_DAYS} days by default. Takes the search filters. ` +
      COUNTED_ROWS,
  })
  @ApiOkResponse({ type: StatsDto })
  counts(@Query() query: StatsQuery): Promise<StatsDto> {
    return this.stats.counts(query);
  }

  @Get('top-targets')
  @ApiOperation({
    summary: 'The targets with most decisions',
    description:
      `Over [from, to); the last ${DEFAULT_STATS_DAYS} days by default. Takes the search ` +
      `filters. ${COUNTED_ROWS}`,
  })
  @ApiOkResponse({ type: TopTargetsDto })
  topTargets(@Query() query: TopTargetsQuery): Promise<TopTargetsDto> {
    return this.stats.topTargets(query);
  }
}
