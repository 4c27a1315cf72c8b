import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';

/** pino's numeric levels. */
const WARN = 40;
const INFO = 30;

interface LogRecord {
  level?: number;
  msg?: string;
  file?: unknown;
  err?: { message?: string };
}

/**
 * Where pino writes while the console may be open: every line goes to a log file (JSON,
 * as pino writes it), and a short plain line goes to the screen so that it does not garble
 * the prompt. Before the console opens and after it closes, info and above are shown as
 * plain lines (start-up and shutdown: migrations, demo data, the address). While it is
 * open, only warnings, errors and "email written to ./data/outbox/..." go to the screen,
 * through the console, above its prompt.
 */
export class ConsoleLogSink extends Writable {
  private fd: number | null;
  private notify: ((text: string) => void) | null = null;
  private partial = '';

  constructor(
    readonly file: string,
    private readonly screen: NodeJS.WritableStream,
  ) {
    super({ decodeStrings: false });
    // The log names the links of emails written to the outbox folder: its owner's alone.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.fd = openSync(file, 'a', 0o600);
  }

  /** While attached, screen lines go to `notify` (the console's notice) instead. */
  attach(notify: (text: string) => void): void {
    this.notify = notify;
  }

  detach(): void {
    this.notify = null;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = String(chunk);
    // Written synchronously: a line in the file is whole even if the process ends next.
    if (this.fd !== null) writeSync(this.fd, text);
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.show(line);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.closeFile();
    done();
  }

  closeFile(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private show(line: string): void {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      return;
    }
    const level = record.level ?? INFO;
    const email = typeof record.file === 'string' && record.file.endsWith('.eml');
    const text = plainLine(record);
    if (this.notify) {
      if (level >= WARN || email) this.notify(email ? `✉ ${text}` : text);
    } else if (level >= INFO) {
      this.screen.write(`${text}\n`);
    }
  }
}

function plainLine(record: LogRecord): string {
  const level = record.level ?? INFO;
  const tag = level >= 50 ? 'error: ' : level >= WARN ? 'warning: ' : '';
  const cause = record.err?.message ? ` (${record.err.message})` : '';
  return `${tag}${record.msg ?? ''}${cause}`;
}
