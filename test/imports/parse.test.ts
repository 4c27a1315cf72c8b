import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchHeader } from '../../src/services/imports/columns.js';
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

const HEADER = 'User ID,First Name,Last Name,Email,Phone';
/** A column name as people write them. */
const nameOf = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,11}$/);

describe('what spreadsheets leave in a file', () => {
  it('skips lines whose cells are all blank, wherever they are, keeping each record’s line', async () => {
    const text = [HEADER, 'amy,Amy,A,amy@example.com,+17035550100', ',,,,', ' , ,,,', 'bob,Bob,B,,', ',,,,', ''];
    expect((await parseCsv(text.join('\r\n'))).records).toEqual([
      { line: 2, cells: ['amy', 'Amy', 'A', 'amy@example.com', '+17035550100'] },
      { line: 5, cells: ['bob', 'Bob', 'B', '', ''] },
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: 2, maxLength: 2 }), async ([before, after]) => {
        const blank = (n: number) => Array.from({ length: n }, () => ',,,,');
        const file = [HEADER, ...blank(before!), 'cat,C,C,c@example.com,1', ...blank(after!)].join('\n');
        expect((await parseCsv(file)).records).toEqual([
          { line: 2 + before!, cells: ['cat', 'C', 'C', 'c@example.com', '1'] },
        ]);
      }),
    );
  });

  it('drops a column with no name and nothing in it; one with something in it stays, to be refused', async () => {
    const trailing = await parseCsv(`${HEADER},\namy,Amy,A,amy@example.com,1,\n`);
    expect(trailing).toEqual({
      header: HEADER.split(','),
      records: [{ line: 2, cells: ['amy', 'Amy', 'A', 'amy@example.com', '1'] }],
    });
    const middle = await parseCsv('User ID,,Email\namy,,a@example.com\nbob\n');
    expect(middle).toEqual({
      header: ['User ID', 'Email'],
      records: [
        { line: 2, cells: ['amy', 'a@example.com'] },
        { line: 3, cells: ['bob'] },
      ],
    });
    const used = await parseCsv('User ID,\namy,x\n');
    expect(used.header).toEqual(['User ID', '']);
    expect(matchHeader(used.header).errors[0]?.message).toMatch(/^Column 2 has no name; /);
  });
});

describe('files that are not comma-separated CSV', () => {
  it('says a file separated by semicolons or tabs must use commas, and how to save it so', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(nameOf, { minLength: 2, maxLength: 8 }),
        fc.constantFrom(';', '\t'),
        async (names, separator) => {
          const file = `${names.join(separator)}\n${names.map(() => 'x').join(separator)}\n`;
          const error = await parseCsv(file).catch((e: unknown) => e);
          expect(error).toMatchObject({
            code: 'VALIDATION.INVALID',
            message: expect.stringMatching(
              separator === ';'
                ? /^The file separates its columns with semicolons \(;\), not commas, so its header \(line 1\) reads as one column\. Save it as CSV with commas: in Excel, File > Save As > CSV UTF-8 \(Comma delimited\)/
                : /^The file separates its columns with tabs, not commas/,
            ),
          });
        },
      ),
    );
    // A header of one column that holds neither is not a separator problem.
    expect((await parseCsv('User ID\namy\n')).header).toEqual(['User ID']);
  });

  it('reads UTF-16 little-endian text with its byte order mark, as spreadsheets save Unicode CSV', async () => {
    const text = 'User ID,First Name\r\nzoe,Zoë\r\n';
    const bytes = Buffer.concat([Buffer.from('fffe', 'hex'), Buffer.from(text, 'utf16le')]);
    expect(await parseCsv(bytes)).toMatchObject({
      header: ['User ID', 'First Name'],
      records: [{ line: 2, cells: ['zoe', 'Zoë'] }],
    });
  });

  it('knows an Excel workbook, an old one and UTF-16 big-endian text by their first bytes, however the bytes arrive', async () => {
    const cases: [string, RegExp][] = [
      [
        '504b0304',
        /^This is an Excel workbook \(\.xlsx\) or another zip file, not CSV; save it as CSV \(comma delimited\)/,
      ],
      ['d0cf11e0a1b11ae1', /^This is an Excel 97-2003 workbook \(\.xls\), not CSV/],
      ['feff', /^This file is UTF-16 big-endian text, not UTF-8 CSV; in Excel, File > Save As > CSV UTF-8/],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 1, max: 8 }),
        async ([signature, message], rest, chunk) => {
          const bytes = Buffer.concat([Buffer.from(signature, 'hex'), rest]);
          const chunks = Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) =>
            bytes.subarray(i * chunk, (i + 1) * chunk),
          );
          await expect(parseCsv(Readable.from(chunks))).rejects.toMatchObject({
            message: expect.stringMatching(message),
          });
        },
      ),
    );
  });

  it('never shows a byte that cannot be printed, whatever the file holds', async () => {
    const unprintable = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.string({
            unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u200e', 'é'),
            maxLength: 60,
          }),
        ),
        async (file) => {
          const parsed = await parseCsv(file).catch((e: unknown) => e);
          if (parsed instanceof Error) {
            expect(parsed).toMatchObject({ code: 'VALIDATION.INVALID' });
            expect(parsed.message).not.toMatch(unprintable);
          } else {
            for (const error of matchHeader((parsed as { header: string[] }).header).errors) {
              expect(error.message).not.toMatch(unprintable);
              expect(error.column ?? '').not.toMatch(unprintable);
            }
          }
        },
      ),
    );
  });
});
