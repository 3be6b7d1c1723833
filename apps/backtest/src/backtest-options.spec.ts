import { parseBacktestArgs, UsageError } from './backtest-options';

const env = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/x' };
const now = new Date('2026-12-01T00:00:00Z');

describe(parseBacktestArgs.name, () => {
  it('reads the range, the filters and the output options', () => {
    const sut = parseBacktestArgs(
      [
        '--from',
        '2026-11-01',
        '--to=2026-11-15T12:00:00Z',
        '--catalog',
        'offers.json',
        '--party',
        'isv',
        '--target-type',
        'isv',
        '--target-id',
        'contoso',
        '--category',
        'break-fix',
        '--rule-id',
        'R3a1',
        '--outcome',
        'routed',
        '--source',
        'zendesk',
        '--format',
        'csv',
        '--samples',
        '5',
        '--page-size',
        '100',
        '--fail-on-change',
      ],
      env,
      now,
    );
    expect(sut).toEqual({
      filters: {
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-11-15T12:00:00Z'),
        party: 'isv',
        targetType: 'isv',
        targetId: 'contoso',
        category: 'break-fix',
        ruleId: 'R3a1',
        outcome: 'routed',
        source: 'zendesk',
      },
      catalogFile: 'offers.json',
      format: 'csv',
      failOnChange: true,
      samples: 5,
      pageSize: 100,
    });
  });

  it('defaults --to to now, the format to table, the catalog to CATALOG_FILE', () => {
    const sut = parseBacktestArgs(['--from', '2026-11-01'], { CATALOG_FILE: 'c.json' }, now);
    expect(sut).toMatchObject({
      filters: { to: now },
      catalogFile: 'c.json',
      format: 'table',
      failOnChange: false,
    });
  });

  it.each([
    [[], /--from is required/],
    [['--from', 'yesterday', '--catalog', 'c'], /--from is not a date/],
    [['--from', '2026-11-02', '--to', '2026-11-01', '--catalog', 'c'], /--to must be after/],
    [['--from', '2026-11-01'], /--catalog is required/],
    [['--from', '2026-11-01', '--catalog', 'c', '--party', 'vendor'], /--party must be one of/],
    [['--from', '2026-11-01', '--catalog', 'c', '--format', 'xml'], /--format must be one of/],
    [['--from', '2026-11-01', '--catalog', 'c', '--samples', '-1'], /--samples must be/],
    [['--from', '2026-11-01', '--catalog', 'c', '--colour'], /unknown option --colour/],
    [['--from', '2026-11-01', '--catalog'], /--catalog needs a value/],
    [['2026-11-01'], /unexpected argument/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBacktestArgs(argv, {}, now)).toThrow(UsageError);
    expect(() => parseBacktestArgs(argv, {}, now)).toThrow(message);
  });
});
