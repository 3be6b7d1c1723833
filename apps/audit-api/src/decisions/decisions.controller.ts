import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { canSeePersonalData, Principal } from '../auth/roles';
import { ApiStandardErrors } from '../common/api-errors.decorator';
import { COUNTED_ROWS } from '../common/dto/decision-filters.query';
import { ErrorDto } from '../common/dto/error.dto';
import { DecisionsService } from './decisions.service';
import { DecisionDetailDto } from './dto/decision-detail.dto';
import { DecisionPageDto } from './dto/decision-page.dto';
import { EventIdParams, RowIdParams } from './dto/decision-params';
import { DecisionsPageQuery } from './dto/decisions-page.query';

@ApiTags('decisions')
@ApiStandardErrors()
@Controller({ path: 'decisions', version: '1' })
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get()
  @ApiOperation({
    summary: 'Search decisions',
    description:
      'Newest first (decidedAt, then id). Follow `nextCursor` for older rows: the pages stay ' +
      'consistent while the router keeps writing (new rows never shift a page). ' +
      COUNTED_ROWS,
  })
  @ApiOkResponse({ type: DecisionPageDto })
  search(@Query() query: DecisionsPageQuery): Promise<DecisionPageDto> {
    return this.decisions.search(query);
  }

  @Get('by-id/:id')
  @ApiOperation({
    summary: 'One audit row by its id',
    description:
      'The same record as by eventId, for any row: also rejected inputs that had no readable ' +
      'eventId (not JSON, for instance).',
  })
  @ApiOkResponse({ type: DecisionDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  findById(
    @Param() params: RowIdParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DecisionDetailDto> {
    return this.decisions.findById(params.id, canSeePersonalData(principal.role));
  }

  @Get(':eventId')
  @ApiOperation({
    summary: 'One decision by the input eventId',
    description:
      'The whole record: routing (rationale, clauses, target, escalation), the input, or the ' +
      'rejection reasons; other rows with the same eventId (duplicates) under `related`.',
  })
  @ApiOkResponse({ type: DecisionDetailDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  findOne(
    @Param() params: EventIdParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DecisionDetailDto> {
    return this.decisions.findByEventId(params.eventId, canSeePersonalData(principal.role));
  }
}
