import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ServiceError } from '../../domain/errors.js';

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

/**
 * Counts the bytes going through (refusing more than the limit) and turns CRLF into LF, so that
 * csv-parse counts lines right (it counts the CR and the LF of a quoted CRLF as two lines).
 */
class Normalise extends Transform {
  private bytes = 0;
  private pendingCr = false;

  constructor(private readonly limits: ImportLimits) {
    super();
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.bytes += buffer.length;
    if (this.bytes > this.limits.maxBytes) return done(tooBig(this.limits));
    let text = (this.pendingCr ? '\r' : '') + buffer.toString('latin1');
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    // latin1 maps bytes one to one, so a UTF-8 sequence split between chunks survives the round trip.
    done(null, Buffer.from(text.replace(/\r\n/g, '\n'), 'latin1'));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from('\r') : undefined);
  }
}

function sourceStream(source: CsvSource): Readable {
  if (typeof source === 'string') return Readable.from([Buffer.from(source, 'utf8')]);
  if (Buffer.isBuffer(source)) return Readable.from([source]);
  return source;
}

/** The number of line breaks inside a record's cells: the record started that many lines before it ended. */
const breaksIn = (cells: string[]) => cells.reduce((n, cell) => n + (cell.match(/\n|\r/g)?.length ?? 0), 0);

function notCsv(error: CsvError): ServiceError {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? ` at line ${line}` : '';
  return new ServiceError(
    'VALIDATION.INVALID',
    `The file is not valid CSV${where}: ${error.message}. Save it again as CSV (comma-separated, UTF-8) and retry.`,
  );
}

/**
 * Reads a CSV file as a stream with csv-parse: a UTF-8 byte-order mark, CRLF or LF line ends,
 * quoted fields holding commas, quotes or line breaks; blank lines are skipped. Refuses, saying
 * so, a file over IMPORT_LIMITS, an empty one, or one that is not CSV. Cells are given as written
 * (not trimmed).
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
        continue;
      }
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
  return { header, records };
}
