import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsIdText } from '../../common/validation';

export class EventIdParams {
  @ApiProperty({ description: "The input's eventId", maxLength: 128 })
  @IsIdText(128)
  eventId!: string;
}

export class RowIdParams {
  @ApiProperty({ description: 'The audit row id (the `id` of a search result)', example: '1042' })
  @Matches(/^[1-9]\d{0,19}$/, { message: 'id must be a row id: a positive integer' })
  id!: string;
}

export class TicketParams {
  @ApiProperty({ description: 'The emitting helpdesk', maxLength: 64, example: 'zendesk-emea' })
  @IsIdText(64)
  source!: string;

  @ApiProperty({ description: "The helpdesk's ticket id (URL-encoded)", maxLength: 128 })
  @IsIdText(128)
  ticketId!: string;
}
