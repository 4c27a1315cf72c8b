import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ServiceError } from '../../domain/errors.js';
import { printable } from './printable.js';

/** The largest file `users import` reads, and the most records (the header aside). */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
}

export const IMPORT_LIMITS: Readonly<ImportLimits> = { maxBytes: 10 * 1024 * 1024, maxRows: 50_000 };

/** One record of the file: the line it starts on (the header is line 1) and its cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
}

/** What an import reads: a stream (an upload), or the whole file. */
export type CsvSource = Readable | Buffer | string;

const tooBig = (limits: ImportLimits) =>
  new ServiceError(
    'VALIDATION.INVALID',
    `The file is larger than ${limits.maxBytes / 1024 / 1024} MB, the most one import reads; split it into smaller files.`,
  );

/**
 * A file refused before it is read whole, for being larger than an import reads: the front ends
 * check the size a platform tells, or the bytes they fetched. `what` names it as the user gave it.
 */
export const fileTooLarge = (what: string): ServiceError =>
  ServiceError.field(
    'VALIDATION.INVALID',
    'file',
    `${what} is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MB; split it into smaller files.`,
  );

const SAVE_AS_CSV = 'in Excel, File > Save As > CSV UTF-8 (Comma delimited), then import that file';

/** Files that are not CSV, known by their first bytes, and what to do instead. */
const NOT_CSV_SIGNATURES: { bytes: Buffer; message: string }[] = [
  {
    bytes: Buffer.from('504b0304', 'hex'),
    message: `This is an Excel workbook (.xlsx) or another zip file, not CSV; save it as CSV (comma delimited): ${SAVE_AS_CSV}.`,
  },
  {
    bytes: Buffer.from('d0cf11e0a1b11ae1', 'hex'),
    message: `This is an Excel 97-2003 workbook (.xls), not CSV; save it as CSV (comma delimited): ${SAVE_AS_CSV}.`,
  },
  // UTF-16 little-endian with its byte order mark is read (csv-parse's `bom`); big-endian is not.
  {
    bytes: Buffer.from('feff', 'hex'),
    message: `This file is UTF-16 big-endian text, not UTF-8 CSV; ${SAVE_AS_CSV}.`,
  },
];

/** How many bytes `NOT_CSV_SIGNATURES` look at. */
const SIGNATURE_BYTES = Math.max(...NOT_CSV_SIGNATURES.map((s) => s.bytes.length));

/** The refusal of a file whose first bytes say it is not CSV (a workbook, UTF-16), or null. */
function knownNotCsv(head: Buffer): ServiceError | null {
  const known = NOT_CSV_SIGNATURES.find((s) => head.subarray(0, s.bytes.length).equals(s.bytes));
  return known ? new ServiceError('VALIDATION.INVALID', known.message) : null;
}

/**
 * Counts the bytes going through (refusing more than the limit), refuses a file whose first bytes
 * say it is no CSV (`NOT_CSV_SIGNATURES`), and turns CRLF into LF, so that csv-parse counts lines
 * right (it counts the CR and the LF of a quoted CRLF as two lines).
 */
class Normalise extends Transform {
  private bytes = 0;
  private pendingCr = false;
  /** The first bytes, held until there are enough to know the file is no workbook; then null. */
  private head: Buffer | null = Buffer.alloc(0);

  constructor(private readonly limits: ImportLimits) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buffer.length;
    if (this.bytes > this.limits.maxBytes) return done(tooBig(this.limits));
    if (this.head) {
      this.head = Buffer.concat([this.head, buffer]);
      if (this.head.length < SIGNATURE_BYTES) return done();
      [buffer, this.head] = [this.head, null];
      const refusal = knownNotCsv(buffer);
      if (refusal) return done(refusal);
    }
    done(null, this.normalised(buffer));
  }

  override _flush(done: TransformCallback): void {
    const head = this.head ?? Buffer.alloc(0);
    const refusal = knownNotCsv(head);
    if (refusal) return done(refusal);
    const text = Buffer.concat([this.normalised(head), this.pendingCr ? Buffer.from('\r') : Buffer.alloc(0)]);
    done(null, text.length > 0 ? text : undefined);
  }

  private normalised(buffer: Buffer): Buffer {
    let text = (this.pendingCr ? '\r' : '') + buffer.toString('latin1');
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    // latin1 maps bytes one to one, so a UTF-8 sequence split between chunks survives the round trip.
    return Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1');
  }
}

function sourceStream(source: CsvSource): Readable {
  if (typeof source === 'string') return Readable.from([Buffer.from(source, 'utf8')]);
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  return source;
}

/** The number of line breaks inside a record's cells: the record started that many lines before it ended. */
const breaksIn = (cells: string[]) => cells.reduce((n, cell) => n + (cell.match(/\n|\r/g)?.length ?? 0), 0);

/** csv-parse's refusal, its message shown only as far as it is printable (it quotes the file). */
function notCsv(error: CsvError): ServiceError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` at line ${line}` : '';
  return new ServiceError(
    'VALIDATION.INVALID',
    `The file is not valid CSV${where}: ${printable(error.message, 200)}. ` +
      'Save it again as CSV (comma-separated, UTF-8) and retry.',
  );
}

const SEPARATORS = [
  { char: ';', name: 'semicolons (;)' },
  { char: '\t', name: 'tabs' },
];

/**
 * The refusal of a file whose columns are separated by semicolons or tabs (Excel saves so in
 * regions where the comma is the decimal mark): its header is one cell holding them. Else null.
 */
function otherSeparator(header: string[]): ServiceError | null {
  if (header.length !== 1) return null;
  const count = (char: string) => header[0]!.split(char).length - 1;
  const used = SEPARATORS.filter((s) => count(s.char) > 0).sort((a, b) => count(b.char) - count(a.char))[0];
  if (!used) return null;
  return new ServiceError(
    'VALIDATION.INVALID',
    `The file separates its columns with ${used.name}, not commas, so its header (line 1) reads as one column. ` +
      `Save it as CSV with commas: ${SAVE_AS_CSV}. If Excel still writes ${used.name}, set the list separator ` +
      'to a comma in the region settings, or save from LibreOffice Calc with "Edit filter settings" and a comma.',
  );
}

/** Whether every cell of a record is blank: a line of only commas, as spreadsheets leave them. */
const allBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * The file without its columns that have no name and nothing in any row (a spreadsheet's trailing
 * comma on every line): nothing is lost, and the header has no nameless column to refuse.
 */
function withoutEmptyColumns({ header, records }: ParsedCsv): ParsedCsv {
  const empty = new Set(
    header.flatMap((name, i) =>
      name.trim() === '' && records.every((r) => (r.cells[i] ?? '').trim() === '') ? [i] : [],
    ),
  );
  if (empty.size === 0) return { header, records };
  const kept = (cells: string[]) => cells.filter((_, i) => !empty.has(i));
  return { header: kept(header), records: records.map((r) => ({ line: r.line, cells: kept(r.cells) })) };
}

/**
 * Reads a CSV file as a stream with csv-parse: a UTF-8 byte-order mark, CRLF or LF line ends,
 * quoted fields holding commas, quotes or line breaks. Blank lines, and after the header lines
 * whose cells are all blank (`,,,,`), are skipped; so are columns with no name and nothing in
 * them. Refuses, saying so, a file over IMPORT_LIMITS, an empty one, a workbook or UTF-16 file,
 * one separated by semicolons or tabs, or one that is not CSV. Cells are given as written (not
 * trimmed).
 */
export async function parseCsv(source: CsvSource, limits: ImportLimits = IMPORT_LIMITS): Promise<ParsedCsv> {
  // pipeline: an error anywhere (the size limit, a broken upload) ends the loop below with it.
  const parser = pipeline(
    sourceStream(source),
    new Normalise(limits),
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }),
    () => undefined,
  );
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record;
        const refusal = otherSeparator(header);
        if (refusal) throw refusal;
        continue;
      }
      if (allBlank(record)) continue;
      if (records.length >= limits.maxRows) {
        throw new ServiceError(
          'VALIDATION.INVALID',
          `The file has more than ${limits.maxRows.toLocaleString('en-US')} rows, the most one import takes; split it into smaller files.`,
        );
      }
      records.push({ line: info.lines - breaksIn(record), cells: record });
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof CsvError) throw notCsv(error);
    throw error;
  }
  if (!header) {
    throw new ServiceError('VALIDATION.INVALID', 'The file is empty; it needs a header line and a row per user.');
  }
  return withoutEmptyColumns({ header, records });
}
