import { stringify } from 'csv-stringify';

/**
 * Writes rows as CSV with csv-stringify (quoting what needs it: commas, quotes, line breaks),
 * CRLF line ends as spreadsheets expect; `pages` gives the rows a page at a time, so a large
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
  for await (const page of pages) for (const row of page) stringifier.write(row);
  stringifier.end();
  await ended;
  return parts.join('');
}

/** A list as one page. */
export async function* onePage<T>(rows: T[]): AsyncIterable<T[]> {
  yield rows;
}
