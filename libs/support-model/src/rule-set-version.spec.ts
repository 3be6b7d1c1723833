import { contentHash } from './rule-set-version';

describe(contentHash.name, () => {
  it('is stable for the same content', () => {
    expect(contentHash('rules')).toBe(contentHash('rules'));
  });

  it('changes when one character of the content changes', () => {
    expect(contentHash('{"id":"R1","clauses":["C6"]}')).not.toBe(
      contentHash('{"id":"R1","clauses":["C7"]}'),
    );
  });

  it('gives the FNV-1a 64-bit value of the UTF-8 bytes', () => {
    expect(contentHash('')).toBe('cbf29ce484222325');
    expect(contentHash('a')).toBe('af63dc4c8601ec8c');
  });
});
