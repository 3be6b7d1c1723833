import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'limit' })
  field!: string;

  @ApiProperty({ type: [String], example: ['limit must be an integer from 1 to 500'] })
  messages!: string[];
}

/** The body of every error response. */
export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['limit must be an integer from 1 to 500'],
  })
  message!: string | string[];

  @ApiPropertyOptional({ type: [FieldProblemDto], description: '400 only: the invalid parameters' })
  fields?: FieldProblemDto[];
}
