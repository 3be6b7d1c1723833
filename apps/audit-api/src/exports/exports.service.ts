import { ForbiddenException, Injectable } from '@nestjs/common';
import { pipeline, Readable } from 'node:stream';
import { toDecisionFilters } from '../common/dto/decision-filters.query';
import { AuditExportStream } from '../persistence/audit-export.stream';
import { createExportEncoder, exportColumns, ExportFormat } from './export-format';
import { ExportQuery } from './dto/export.query';

export interface ExportDownload {
  contentType: string;
  fileName: string;
  body: Readable;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

@Injectable()
export class ExportsService {
  constructor(private readonly audit: AuditExportStream) {}

  /** The filtered rows as a byte stream; nothing is buffered beyond a few chunks. */
  async open(query: ExportQuery, personalData: boolean, now = new Date()): Promise<ExportDownload> {
    const format = query.format ?? 'csv';
    const include = query.include ?? [];
    if (include.includes('requester') && !personalData) {
      throw new ForbiddenException(
        'include=requester exports personal data: it needs a key with the role pii or admin. ' +
          'Leave it out to export everything else.',
      );
    }
    const { rows } = await this.audit.open(toDecisionFilters(query), {
      rationale: include.includes('rationale'),
      requester: include.includes('requester'),
    });
    const encoder = createExportEncoder(format, exportColumns(include));
    const body = pipeline(rows, encoder, () => undefined);
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    return { contentType: CONTENT_TYPES[format], fileName: `decisions-${stamp}.${format}`, body };
  }
}
