import { ApiProperty } from '@nestjs/swagger';
import { DecisionSummaryDto } from '../../common/dto/decision-summary.dto';

export class DecisionPageDto {
  @ApiProperty({ type: [DecisionSummaryDto], description: 'Newest first (decidedAt, then id)' })
  items!: DecisionSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` (with the same filters) for the next page; null on the last',
  })
  nextCursor!: string | null;
}
