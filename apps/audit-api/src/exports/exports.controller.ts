import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { canSeePersonalData, Principal } from '../auth/roles';
import { ApiStandardErrors } from '../common/api-errors.decorator';
import { COUNTED_ROWS } from '../common/dto/decision-filters.query';
import { ExportQuery } from './dto/export.query';
import { EXPORT_COLUMNS } from './export-format';
import { ExportsService } from './exports.service';

@ApiTags('exports')
@Controller({ path: 'exports', version: '1' })
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(private readonly exports: ExportsService) {}

  @Get('decisions')
  @ApiOperation({
    summary: 'Export the filtered decisions as CSV or NDJSON',
    description:
      'Streams every row the filters match, newest first, in constant memory (millions of rows ' +
      `are fine). Columns: ${EXPORT_COLUMNS.join(', ')}, then those \`include\` asks for. ` +
      'CSV follows RFC 4180 (CRLF, quotes doubled); a cell a spreadsheet would run as a ' +
      "formula (starting with = + - @, tab or CR) is prefixed with '. " +
      COUNTED_ROWS,
  })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ description: 'The export, as an attachment', schema: { type: 'string' } })
  @ApiStandardErrors()
  async exportDecisions(
    @Query() query: ExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const download = await this.exports.open(query, canSeePersonalData(principal.role));
    res.status(200);
    res.setHeader('Content-Type', download.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${download.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    pipeline(download.body, res, (error) => {
      if (!error) return;
      // Past the headers a status can no longer change: cutting the connection tells the
      // client the file is incomplete (no final chunk), instead of a silently short file.
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        this.logger.error(`export by ${principal.name} failed: ${error.message}`);
      }
      res.destroy();
    });
  }
}
