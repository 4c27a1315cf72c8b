import type { CommandRegistry } from '../../../commands/types.js';
import { PassThrough } from 'node:stream';
import { ReadlineIO } from '../../../src/console/io.js';
import { stripAnsi } from '../../../src/console/text.js';
import { completerFor } from '../../../src/console/session.js';
import { openConsole, type RunningConsole } from '../../../src/console/open.js';
import type { ConsoleUser } from '../../../src/console/start.js';
import type { ServiceDeps } from '../../../src/services/context.js';

/** Answers for a form, by field label: one answer, or one per time the field is asked. */
export type FormAnswers = Record<string, string | string[]>;

/**
 * Drives the real console (readline over streams, as on stdin and stdout) the way a person
 * would: waits for a prompt, types a line, reads what came back.
 */
export class ConsoleDriver {
  readonly input = new PassThrough();
  readonly output = Object.assign(new PassThrough(), { columns: 0, rows: 0, isTTY: false });
  readonly console: RunningConsole;
  readonly prompt: string;
  /** Everything written to the screen. */
  screen = '';
  private mark = 0;
  private listeners: (() => void)[] = [];

  constructor(
    deps: ServiceDeps,
    user: ConsoleUser,
    options: { terminal?: boolean; columns?: number; rows?: number; registry?: CommandRegistry } = {},
  ) {
    this.output.columns = options.columns ?? 120;
    this.output.rows = options.rows ?? 50;
    this.output.isTTY = options.terminal ?? false;
    this.output.setEncoding('utf8');
    this.output.on('data', (chunk: string) => {
      this.screen += chunk;
      for (const listener of [...this.listeners]) listener();
    });
    const io = new ReadlineIO({
      input: this.input,
      output: this.output,
      terminal: options.terminal ?? false,
      width: options.columns ?? 120,
      completer: completerFor({
        deps,
        actor: { userId: user.id, platform: 'console' },
        ...(options.registry ? { registry: options.registry } : {}),
      }),
    });
    this.console = openConsole({ deps, user, io, ...(options.registry ? { registry: options.registry } : {}) });
    this.prompt = `${user.userId}@switchboard> `;
  }

  /** The screen since the last command or answer typed (without terminal control codes). */
  get latest(): string {
    return stripAnsi(this.screen.slice(this.mark));
  }

  /** Waits until the screen (after the last line typed) ends with a prompt and stays so for a moment. */
  async settled(timeoutMs = 10_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const before = this.screen.length;
      await new Promise((resolve) => setTimeout(resolve, 15));
      const text = this.latest;
      const quiet = this.screen.length === before;
      if (quiet && (text.endsWith(': ') || text.endsWith('> ') || text.endsWith('. '))) return text;
      if (Date.now() - started > timeoutMs)
        throw new Error(`no prompt after ${timeoutMs} ms; the screen so far:\n${this.screen}`);
    }
  }

  /** The last line on the screen (the prompt being shown). */
  get lastLine(): string {
    const lines = stripAnsi(this.screen).split('\n');
    return lines[lines.length - 1] ?? '';
  }

  type(text: string): void {
    this.mark = this.screen.length;
    this.input.write(`${text}\n`);
  }

  /** Raw keys, for a terminal: `\u0003` is Ctrl-C, `\u0004` Ctrl-D. */
  press(keys: string): void {
    this.mark = this.screen.length;
    this.input.write(keys);
  }

  /** Runs a command line that answers at once; returns what it printed, up to the next prompt. */
  async run(line: string): Promise<string> {
    await this.atPrompt();
    this.type(line);
    await this.settled();
    return this.latest;
  }

  async atPrompt(): Promise<void> {
    await this.settled();
    if (!this.lastLine.endsWith(this.prompt))
      throw new Error(`expected the command prompt, the screen shows:\n${this.screen}`);
  }

  /**
   * Runs a command that opens a form and answers its prompts by label (Enter for a label
   * not given), until the command prompt is back. Returns everything shown from the command on.
   */
  async form(line: string, answers: FormAnswers): Promise<string> {
    await this.atPrompt();
    const start = this.screen.length;
    this.type(line);
    const remaining = new Map(
      Object.entries(answers).map(([label, answer]) => [label, Array.isArray(answer) ? [...answer] : [answer]]),
    );
    for (let asked = 0; asked < 100; asked++) {
      await this.settled();
      const prompt = this.lastLine;
      if (prompt.endsWith(this.prompt)) return stripAnsi(this.screen.slice(start));
      const label = [...remaining.keys()].filter((l) => prompt.startsWith(l)).sort((a, b) => b.length - a.length)[0];
      const queue = label ? remaining.get(label)! : [];
      this.type(queue.length > 1 ? queue.shift()! : (queue[0] ?? ''));
    }
    throw new Error(`the form did not end; the screen:\n${this.screen.slice(start)}`);
  }

  async quit(): Promise<void> {
    this.input.end();
    await this.console.done;
  }
}
