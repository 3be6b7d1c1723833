import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { canSeePersonalData, Principal } from '../auth/roles';
import { ApiStandardErrors } from '../common/api-errors.decorator';
import { COUNTED_ROWS } from '../common/dto/decision-filters.query';
import { ErrorDto } from '../common/dto/error.dto';
import { ExportQuery } from './dto/export.query';
import { EXPORT_COLUMNS } from './export-format';
import { AuditApiSettings } from '../config/audit-api.settings';
import { EXPORT_RETRY_AFTER_SECONDS, ExportSlots } from './export-slots';
import { ExportDownload, ExportsService } from './exports.service';

@ApiTags('exports')
@Controller({ path: 'exports', version: '1' })
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly exports: ExportsService,
    private readonly slots: ExportSlots,
    private readonly config: ConfigService<AuditApiSettings, true>,
  ) {}

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
  @ApiTooManyRequestsResponse({
    type: ErrorDto,
    description:
      'Also when the key (AUDIT_API_EXPORTS_PER_KEY) or the API (AUDIT_API_EXPORTS_TOTAL) ' +
      'already runs as many exports as allowed',
  })
  @ApiOkResponse({ description: 'The export, as an attachment', schema: { type: 'string' } })
  @ApiStandardErrors()
  async exportDecisions(
    @Query() query: ExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    let release: () => void;
    try {
      release = this.slots.acquire(principal.name);
    } catch (error) {
      res.setHeader('Retry-After', String(EXPORT_RETRY_AFTER_SECONDS));
      throw error;
    }
    res.once('close', release);
    let download: ExportDownload;
    try {
      download = await this.exports.open(query, canSeePersonalData(principal.role));
    } catch (error) {
      release();
      throw error;
    }
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
    this.cutWhenStalled(res, principal.name);
  }

  /**
   * A client that stops reading would hold its export's connection for ever: the response
   * waits for the socket to drain, the query for the response. Once the response has been
   * waiting to drain for AUDIT_API_EXPORT_STALL_SECONDS, it is destroyed, which ends the
   * query and frees the connection and the export slot. A slow but reading client drains
   * now and then and is not cut.
   */
  private cutWhenStalled(res: Response, key: string): void {
    const stallMs = this.config.get('AUDIT_API_EXPORT_STALL_SECONDS', { infer: true }) * 1000;
    let waitingSince: number | undefined;
    const watch = setInterval(
      () => {
        if (!res.writableNeedDrain) {
          waitingSince = undefined;
          return;
        }
        waitingSince ??= Date.now();
        if (Date.now() - waitingSince >= stallMs) {
          this.logger.warn(`export by ${key} cut: its client took nothing for ${stallMs} ms`);
          res.destroy();
        }
      },
      Math.min(1000, stallMs / 4),
    );
    watch.unref();
    res.once('close', () => clearInterval(watch));
  }
}
