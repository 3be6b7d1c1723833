import { Readable } from 'node:stream';
import { ExportRecord } from '../persistence/audit-record';
import { createExportEncoder, csvCell, exportColumns } from './export-format';

describe('csvCell', () => {
  it.each([
    [null, ''],
    ['plain', 'plain'],
    [42, '42'],
    [false, 'false'],
    [['C1', 'C5'], 'C1 C5'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
    ['＝1+1', "'＝1+1"],
    ['a=b', 'a=b'],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

function record(id: string): ExportRecord {
  return {
    id,
    eventId: `e-${id}`,
    source: 's',
    ticketId: 't',
    occurredAt: null,
    receivedAt: '2026-11-01T00:00:00.000Z',
    decidedAt: '2026-11-01T00:00:00.001Z',
    outcome: 'routed',
    party: 'isv',
    targetType: 'isv',
    targetId: 'contoso',
    category: 'technical',
    categorySource: 'explicit',
    requesterRole: 'customer',
    ruleId: 'R3a',
    clauses: ['C2', 'C3'],
    ruleSetVersion: 'v1',
    needsReview: false,
    duplicateOfId: null,
    inputTopic: 'support.tickets.new',
    inputPartition: 3,
    inputOffset: '77',
  };
}

async function encode(format: 'csv' | 'ndjson', records: ExportRecord[]): Promise<string[]> {
  const chunks: string[] = [];
  const batches = [];
  for (let i = 0; i < records.length; i += 100) batches.push(records.slice(i, i + 100));
  const sut = Readable.from(batches).pipe(createExportEncoder(format, exportColumns([])));
  for await (const chunk of sut) chunks.push(String(chunk));
  return chunks;
}

describe('createExportEncoder', () => {
  it('writes a CSV header, then one CRLF line per record', async () => {
    const text = (await encode('csv', [record('1'), record('2')])).join('');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(exportColumns([]).join(','));
    expect(lines[1]).toBe(
      '1,e-1,s,t,,2026-11-01T00:00:00.000Z,2026-11-01T00:00:00.001Z,routed,isv,isv,contoso,' +
        'technical,explicit,customer,R3a,C2 C3,v1,false,,support.tickets.new,3,77',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('writes NDJSON with the keys in column order', async () => {
    const [line] = (await encode('ndjson', [record('1')])).join('').split('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(exportColumns([]));
  });

  it('writes a header even when no record comes', async () => {
    expect((await encode('csv', [])).join('')).toBe(`${exportColumns([]).join(',')}\r\n`);
  });

  it('sends few large chunks rather than one per record', async () => {
    const chunks = await encode(
      'csv',
      Array.from({ length: 2000 }, (_, i) => record(String(i))),
    );
    expect(chunks.length).toBeLessThan(10);
    expect(chunks.join('').split('\r\n')).toHaveLength(2002);
  });

  it('appends the extra columns in a fixed order', () => {
    expect(exportColumns(['requester', 'rationale']).slice(-3)).toEqual([
      'rationale',
      'requesterEmail',
      'requesterTenantId',
    ]);
  });
});
