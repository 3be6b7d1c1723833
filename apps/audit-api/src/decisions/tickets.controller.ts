import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStandardErrors } from '../common/api-errors.decorator';
import { ErrorDto } from '../common/dto/error.dto';
import { DecisionsService, TICKET_HISTORY_LIMIT } from './decisions.service';
import { TicketHistoryDto } from './dto/decision-detail.dto';
import { TicketParams } from './dto/decision-params';

@ApiTags('tickets')
@ApiStandardErrors()
@Controller({ path: 'tickets', version: '1' })
export class TicketsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Get(':source/:ticketId/decisions')
  @ApiOperation({
    summary: "One ticket's history",
    description: `Every decision for a source and ticket id, oldest first (at most ${TICKET_HISTORY_LIMIT}).`,
  })
  @ApiOkResponse({ type: TicketHistoryDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  history(@Param() params: TicketParams): Promise<TicketHistoryDto> {
    return this.decisions.ticketHistory(params.source, params.ticketId);
  }
}
