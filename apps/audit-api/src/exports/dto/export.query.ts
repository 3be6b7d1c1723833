import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { DecisionFiltersQuery } from '../../common/dto/decision-filters.query';
import { EXPORT_EXTRAS, EXPORT_FORMATS, ExportExtra, ExportFormat } from '../export-format';

export class ExportQuery extends DecisionFiltersQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` })
  format?: ExportFormat;

  @ApiPropertyOptional({
    type: String,
    description:
      "Extra columns, comma-separated: `rationale` (the decision's sentence), `requester` " +
      '(requesterEmail and requesterTenantId: roles pii and admin only, 403 otherwise). Each is ' +
      'read out of the stored JSON, which makes the export several times slower.',
    example: 'rationale',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value,
  )
  @IsArray({ message: `include must be a comma-separated list of ${EXPORT_EXTRAS.join(', ')}` })
  @ArrayUnique({ message: 'include must not name a column twice' })
  @IsIn(EXPORT_EXTRAS, {
    each: true,
    message: `include must be a comma-separated list of ${EXPORT_EXTRAS.join(', ')}`,
  })
  include?: ExportExtra[];
}
