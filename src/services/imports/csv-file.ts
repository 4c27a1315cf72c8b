import { stringify } from 'csv-stringify';

/** A cell a spreadsheet would run as a formula: starting with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A guarded cell: quotes, then what a spreadsheet would run (a CSV reader may make a CR an LF). */
const GUARDED = /^'+[=+\-@\t\r\n]/;

/**
 * A cell as written to a CSV someone opens in a spreadsheet: one that would run as a formula gets a
 * leading `'` (OWASP's advice against CSV injection), which `unguardCell` takes off on import. A
 * phone number in E.164 (`+` and digits) is left as it is: a spreadsheet reads it as a number. A
 * cell that already looks guarded (`'=…`, `''+…`) gets one more `'`, so that import gives back
 * exactly what was exported.
 */
export const guardCell = (text: string): string =>
  (FORMULA_START.test(text) && !/^\+\d+$/.test(text)) || GUARDED.test(text) ? `'${text}` : text;

/** A cell as `guardCell` wrote it, back as it was (a CSV reader may have made its CRLF an LF). */
export const unguardCell = (text: string): string => (GUARDED.test(text) ? text.slice(1) : text);

/**
 * Writes rows as CSV with csv-stringify (quoting what needs it: commas, quotes, line breaks),
 * CRLF line ends as spreadsheets expect, every cell through `guardCell`; `pages` gives the rows a page at a time, so a large
 * file is written as it is read.
 */
export async function writeCsv(header: readonly string[], pages: AsyncIterable<string[][]>): Promise<string> {
  const stringifier = stringify({ record_delimiter: 'windows' });
  const parts: string[] = [];
  stringifier.on('data', (chunk: Buffer | string) => parts.push(String(chunk)));
  const ended = new Promise<void>((resolve, reject) => {
    stringifier.on('end', resolve);
    stringifier.on('error', reject);
  });
  stringifier.write([...header]);
  for await (const page of pages) for (const row of page) stringifier.write(row.map(guardCell));
  stringifier.end();
  await ended;
  return parts.join('');
}

/** A list as one page. */
export async function* onePage<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}
