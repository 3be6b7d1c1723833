import { ApiProperty } from '@nestjs/swagger';
import { IsIdText } from '../../common/validation';

export class EventIdParams {
  @ApiProperty({ description: "The input's eventId", maxLength: 128 })
  @IsIdText(128)
  eventId!: string;
}

export class TicketParams {
  @ApiProperty({ description: 'The emitting helpdesk', maxLength: 64, example: 'zendesk-emea' })
  @IsIdText(64)
  source!: string;

  @ApiProperty({ description: "The helpdesk's ticket id (URL-encoded)", maxLength: 128 })
  @IsIdText(128)
  ticketId!: string;
}
