import type { ConsoleIO, LineResult, ReadOptions } from '../../../src/console/io.js';
import { PLAIN } from '../../../src/console/text.js';

export const CTRL_C = Symbol('Ctrl-C');
export const CTRL_D = Symbol('Ctrl-D');
export type Answer = string | typeof CTRL_C | typeof CTRL_D;

/**
 * A ConsoleIO that answers each read from a script and keeps a transcript that reads like
 * the terminal (prompt, then what was typed, or nothing for a secret).
 */
export class ScriptedIO implements ConsoleIO {
  readonly terminal = false;
  readonly style = PLAIN;
  transcript = '';
  readonly reads: { prompt: string; options: ReadOptions; answer: Answer }[] = [];
  readonly notices: string[] = [];

  constructor(
    private readonly answers: Answer[],
    private readonly columns = 100,
  ) {}

  width(): number {
    return this.columns;
  }
  rows(): number | undefined {
    return undefined;
  }
  write(text: string): void {
    this.transcript += text;
  }
  async read(prompt: string, options: ReadOptions = {}): Promise<LineResult> {
    this.transcript += prompt;
    if (this.answers.length === 0) throw new Error(`the script has no answer for "${prompt}"\n${this.transcript}`);
    const answer = this.answers.shift()!;
    this.reads.push({ prompt, options, answer });
    if (answer === CTRL_C) {
      this.transcript += '^C\n';
      return { kind: 'interrupt', partial: '' };
    }
    if (answer === CTRL_D) return { kind: 'eof' };
    this.transcript += `${options.secret ? '' : answer}\n`;
    return { kind: 'line', text: answer };
  }
  notice(text: string): void {
    this.notices.push(text);
  }
  close(): void {}

  /** Answers not used yet. */
  get left(): number {
    return this.answers.length;
  }
}
