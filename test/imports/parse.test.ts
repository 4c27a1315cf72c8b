import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/services/imports/parse.js';

describe('reading an import file', () => {
  it('takes a byte-order mark, CRLF, blank lines, and quoted commas, quotes and line breaks, with each record’s first line', async () => {
    const text = '\uFEFFUser ID,First Name\r\namy,"Amy, ""A"""\r\n\r\nbob,"Bo\r\nb"\r\ncat,Cat\r\n';
    for (const source of [
      text,
      Buffer.from(text),
      Readable.from([Buffer.from(text.slice(0, 30)), Buffer.from(text.slice(30))]),
    ]) {
      expect(await parseCsv(source)).toEqual({
        header: ['User ID', 'First Name'],
        records: [
          { line: 2, cells: ['amy', 'Amy, "A"'] },
          { line: 4, cells: ['bob', 'Bo\nb'] },
          { line: 6, cells: ['cat', 'Cat'] },
        ],
      });
    }
  });

  it('keeps a UTF-8 character split between two chunks of a stream', async () => {
    const bytes = Buffer.from('a\nZoë\n');
    const split = Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]);
    expect((await parseCsv(split)).records).toEqual([{ line: 2, cells: ['Zoë'] }]);
  });

  it('refuses, saying so, a file too large, with too many rows, empty, or not CSV', async () => {
    const limits = { maxBytes: 100, maxRows: 2 };
    await expect(parseCsv(`a\n${'x'.repeat(200)}\n`, limits)).rejects.toMatchObject({
      code: 'VALIDATION.INVALID',
      message: expect.stringContaining('larger than'),
    });
    await expect(parseCsv('a\n1\n2\n3\n', limits)).rejects.toMatchObject({
      message: 'The file has more than 2 rows, the most one import takes; split it into smaller files.',
    });
    await expect(parseCsv('')).rejects.toMatchObject({
      message: 'The file is empty; it needs a header line and a row per user.',
    });
    await expect(parseCsv('a,b\n1,"unclosed\n')).rejects.toMatchObject({
      message: expect.stringMatching(/^The file is not valid CSV at line \d+: .*Save it again as CSV/),
    });
  });
});
