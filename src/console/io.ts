import { EventEmitter } from 'node:events';
import {
  clearLine,
  createInterface,
  cursorTo,
  type AsyncCompleter,
  type Completer,
  type Interface,
} from 'node:readline';
import { PLAIN, styleFor, type Style } from './text.js';

/** What one read gave: a line, Ctrl-C (with what was typed so far), or the end of input (Ctrl-D). */
export type LineResult = { kind: 'line'; text: string } | { kind: 'interrupt'; partial: string } | { kind: 'eof' };

export interface ReadOptions {
  /** Typed without echo (a PIN or password): the output is muted while the line is read. */
  secret?: boolean;
  /** `commands`: ↑/↓ browse the command history and the line joins it; `none`: a form answer, kept out of it. */
  history?: 'commands' | 'none';
  /** Log notices may be printed above this prompt (only the command prompt). */
  notices?: boolean;
}

/** The console's terminal, behind an interface so that the prompter can be driven by tests. */
export interface ConsoleIO {
  readonly terminal: boolean;
  readonly style: Style;
  /** Columns to render within. */
  width(): number;
  /** Rows on screen, when known. */
  rows(): number | undefined;
  write(text: string): void;
  read(prompt: string, options?: ReadOptions): Promise<LineResult>;
  /** A message from elsewhere (a warning, an email written): above the command prompt, or held until it is shown. */
  notice(text: string): void;
  close(): void;
}

type Output = NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };

/**
 * What readline writes to: the real output, except while muted (a secret being typed).
 * Writes pass through synchronously, so muting takes effect exactly between two writes.
 */
class MutableOutput extends EventEmitter {
  muted = false;
  private readonly onResize = () => this.emit('resize');
  constructor(private readonly target: Output) {
    super();
    target.on('resize', this.onResize);
  }
  get columns(): number | undefined {
    return this.target.columns;
  }
  get rows(): number | undefined {
    return this.target.rows;
  }
  get isTTY(): boolean | undefined {
    return this.target.isTTY;
  }
  write(chunk: string | Uint8Array): boolean {
    if (!this.muted) this.target.write(chunk);
    return true;
  }
  detach(): void {
    this.target.removeListener('resize', this.onResize);
  }
}

export interface ReadlineIOOptions {
  input: NodeJS.ReadableStream;
  output: Output;
  /** Line editing, history and hidden typing: a terminal. Default: whether both streams are TTYs. */
  terminal?: boolean;
  /** Columns when the output does not say (not a terminal). Default 100. */
  width?: number;
  style?: Style;
  completer?: Completer | AsyncCompleter;
  /** Echo each line read when not a terminal, so that a transcript reads like a terminal's. Default true. */
  echo?: boolean;
}

/** ConsoleIO over `node:readline`: line editing, history, Tab completion, Ctrl-C and Ctrl-D. */
export class ReadlineIO implements ConsoleIO {
  readonly terminal: boolean;
  readonly style: Style;
  private readonly out: MutableOutput;
  private readonly rl: Interface;
  private readonly queue: LineResult[] = [];
  private waiting: ((result: LineResult) => void) | null = null;
  private reading: { prompt: string; options: ReadOptions } | null = null;
  private readonly held: string[] = [];
  private ended = false;
  private readonly echo: boolean;
  private readonly fallbackWidth: number;

  constructor(options: ReadlineIOOptions) {
    const tty = (options.input as { isTTY?: boolean }).isTTY === true && options.output.isTTY === true;
    this.terminal = options.terminal ?? tty;
    this.style = options.style ?? (this.terminal ? styleFor(options.output) : PLAIN);
    this.echo = options.echo ?? true;
    this.fallbackWidth = options.width ?? 100;
    this.out = new MutableOutput(options.output);
    this.rl = createInterface({
      input: options.input,
      output: this.out as unknown as NodeJS.WritableStream,
      terminal: this.terminal,
      historySize: 500,
      removeHistoryDuplicates: true,
      tabSize: 4,
      ...(options.completer ? { completer: options.completer } : {}),
    });
    this.rl.on('line', (text) => this.lineRead(text));
    this.rl.on('SIGINT', () => this.interrupted());
    this.rl.on('close', () => {
      this.ended = true;
      this.out.muted = false;
      this.deliver({ kind: 'eof' });
    });
  }

  width(): number {
    return this.out.columns && this.out.columns > 0 ? this.out.columns : this.fallbackWidth;
  }

  rows(): number | undefined {
    return this.out.rows;
  }

  write(text: string): void {
    this.out.write(text);
  }

  read(prompt: string, options: ReadOptions = {}): Promise<LineResult> {
    if (options.notices) this.flushNotices();
    const queued = this.queue.shift();
    if (queued || this.ended) {
      const result = queued ?? { kind: 'eof' };
      this.write(prompt);
      if (result.kind === 'line') this.echoLine(result.text, options.secret === true);
      return Promise.resolve(result);
    }
    return new Promise((resolve) => {
      const history = this.historyOf();
      let saved: string[] | null = null;
      if (options.history === 'none' && history) {
        saved = [...history.history];
        history.history = [];
      }
      this.reading = { prompt, options };
      this.waiting = (result) => {
        if (saved && history) history.history = saved;
        this.reading = null;
        resolve(result);
      };
      this.rl.setPrompt(prompt);
      this.rl.prompt();
      if (options.secret) this.out.muted = true;
    });
  }

  notice(text: string): void {
    const at = this.reading;
    if (!at?.options.notices || this.out.muted) {
      this.held.push(text);
      return;
    }
    if (this.terminal) {
      clearLine(this.out as unknown as NodeJS.WritableStream, 0);
      cursorTo(this.out as unknown as NodeJS.WritableStream, 0);
      this.write(`${text}\n`);
      this.rl.prompt(true);
    } else {
      this.write(`\n${text}\n${at.prompt}`);
    }
  }

  close(): void {
    this.out.muted = false;
    this.rl.close();
    this.out.detach();
  }

  private flushNotices(): void {
    for (const text of this.held.splice(0)) this.write(`${text}\n`);
  }

  private lineRead(text: string): void {
    const secret = this.out.muted;
    if (secret) {
      this.out.muted = false;
      // On a terminal, readline's own newline was muted with the typing.
      if (this.terminal) this.write('\n');
    }
    if (this.waiting) this.echoLine(text, secret);
    this.deliver({ kind: 'line', text });
  }

  private echoLine(text: string, secret: boolean): void {
    if (!this.terminal && this.echo) this.write(secret ? '\n' : `${text}\n`);
  }

  private interrupted(): void {
    const partial = this.rl.line;
    this.out.muted = false;
    this.write('^C\n');
    // Empty readline's buffer without redrawing it: Ctrl-E then Ctrl-U.
    this.out.muted = true;
    this.rl.write(null, { ctrl: true, name: 'e' });
    this.rl.write(null, { ctrl: true, name: 'u' });
    this.out.muted = false;
    this.deliver({ kind: 'interrupt', partial });
  }

  private deliver(result: LineResult): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting(result);
    } else if (result.kind !== 'eof') {
      this.queue.push(result);
    }
  }

  /** readline keeps its history in a public but untyped `history` array. */
  private historyOf(): { history: string[] } | null {
    const rl = this.rl as unknown as { history?: string[] };
    return Array.isArray(rl.history) ? (rl as { history: string[] }) : null;
  }
}
