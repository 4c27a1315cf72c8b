import { allCommands, runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import type { CommandRegistry } from '../../commands/types.js';
import type { AsyncCompleter } from 'node:readline';
import type { Reply } from '../../views/reply.js';
import { pendingApprovalIds } from '../services/approvals/approval-dto.js';
import { openReviewIds } from '../services/reviews/index.js';
import type { Logger } from '../lib/logger.js';
import type { ConsoleIO } from './io.js';
import { saveFiles } from './files.js';
import { followImport } from './import-follow.js';
import { fillForm } from './prompter.js';
import { renderReply, type RenderedReply } from './render.js';
import { hangingWrap, visibleLength, wrap } from './text.js';

/** Who the console acts as, for its greeting and prompt. */
export interface ConsoleIdentity {
  userId: string;
  name: string;
  account: string;
  administrator: boolean;
}

export interface SessionOptions {
  ctx: CommandContext;
  io: ConsoleIO;
  identity: ConsoleIdentity;
  logger?: Logger;
  /** Where the log goes, for "details are in ..." (e.g. `data/switchboard.log`). */
  logFile?: string;
  /** Where the files of replies are written (exports); ./data/exports unless told. */
  exportsDir?: string;
}

const QUIT = ['exit', 'quit', 'logout', '\\q'];
const TIPS =
  'At this console: Tab completes a command, ↑ and ↓ recall earlier ones, Ctrl-C cancels a form, exit or Ctrl-D quits.';

/** The command phrases Tab completes: every command's words, and exit. */
export function completions(line: string, registry?: CommandRegistry): [string[], string] {
  const phrases = [...new Set([...allCommands(registry).map((c) => c.words.join(' ')), 'exit'])];
  const typed = line.replace(/^\s+/, '').toLowerCase();
  const hits = phrases.filter((p) => p.startsWith(typed) && p !== typed).map((p) => `${p} `);
  return [hits, typed];
}

/** Arguments that name an id the console can complete with Tab, and where the ids come from. */
const ID_ARGUMENTS: { pattern: RegExp; ids: (ctx: CommandContext) => Promise<string[]> }[] = [
  {
    pattern: /^(\s*approvals\s+(?:show|approve|deny)\s+)(\S*)$/i,
    ids: (ctx) => pendingApprovalIds(ctx.deps, ctx.actor),
  },
  {
    pattern: /^(\s*review\s+(?:keep|revoke)\s+)(\S*)$/i,
    ids: async (ctx) => (await openReviewIds(ctx.deps, ctx.actor)).items,
  },
  { pattern: /^(\s*review\s+close\s+)(\S*)$/i, ids: async (ctx) => (await openReviewIds(ctx.deps, ctx.actor)).reviews },
];

/**
 * The console's Tab completion for an actor: command phrases; after `approvals show`, `approve`
 * or `deny` the ids of the pending requests; after `review keep` or `revoke` the open items
 * another may decide, after `review close` the open reviews (none when they cannot be read).
 */
export function completerFor(ctx: CommandContext): AsyncCompleter {
  return (line, done) => {
    const argument = ID_ARGUMENTS.map((a) => ({ ...a, match: a.pattern.exec(line) })).find((a) => a.match);
    if (!argument) {
      done(null, completions(line, ctx.registry));
      return;
    }
    const written = argument.match![2]!;
    const typed = written.toLowerCase();
    argument
      .ids(ctx)
      .then((ids) => done(null, [ids.filter((id) => id.startsWith(typed)).map((id) => `${id} `), written]))
      .catch(() => done(null, [[], written]));
  };
}

/**
 * The console's loop: reads a command line, runs it as the acting portal user with the same
 * `commands/` as Slack and Teams, shows the reply, or fills the form it opens. Ctrl-C clears
 * the line or cancels a form; a second Ctrl-C at an empty prompt, Ctrl-D or `exit` quits.
 */
export class ConsoleSession {
  private busy: Promise<void> | null = null;
  private stopping = false;
  private readonly io: ConsoleIO;

  constructor(private readonly options: SessionOptions) {
    this.io = options.io;
  }

  get prompt(): string {
    return `${this.io.style.cyan(`${this.options.identity.userId}@switchboard`)}> `;
  }

  /** Runs until the user quits or `stop()` is called. */
  async run(): Promise<void> {
    const { identity } = this.options;
    const s = this.io.style;
    const width = Math.max(20, this.io.width() - 1);
    const role = identity.administrator ? 'Administrator' : 'portal user';
    this.say(
      wrap(
        `Switchboard console: acting as ${identity.name} (${identity.userId}), ${role} of ${identity.account}.`,
        width,
      ).join('\n'),
    );
    this.say(
      s.dim(
        wrap(
          'Type help for the commands; exit or Ctrl-D quits.' +
            (this.options.logFile ? ` The log is in ${this.options.logFile}.` : ''),
          width,
        ).join('\n'),
      ),
    );
    let armed = false;
    while (!this.stopping) {
      const read = await this.io.read(this.prompt, { history: 'commands', notices: true });
      if (read.kind === 'eof') break;
      if (read.kind === 'interrupt') {
        if (read.partial.trim() !== '') continue;
        if (armed) break;
        armed = true;
        this.say(s.dim('(Ctrl-C again, Ctrl-D or exit quits)'));
        continue;
      }
      armed = false;
      const line = read.text.trim();
      if (line === '') continue;
      if (QUIT.includes(line.toLowerCase())) break;
      const work = this.handle(line);
      this.busy = work.then(() => undefined);
      const outcome = await work;
      this.busy = null;
      if (outcome === 'cancelled') armed = true;
      if (outcome === 'eof') break;
    }
    if (!this.stopping) this.say(s.dim('Bye.'));
  }

  /** Ends the loop; waits (at most `graceMs`) for a command in flight, so nothing is left half-done. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.io.close();
    if (this.busy) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.busy, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
  }

  /** One command line: its reply, or its form filled and submitted. */
  private async handle(line: string): Promise<'done' | 'cancelled' | 'eof'> {
    const { ctx } = this.options;
    try {
      const result = await runCommandLine(ctx, line, { prefix: '' });
      if (result.kind === 'reply') {
        await this.show(result.reply);
        if (/^help\s*$/i.test(line))
          this.say(this.io.style.dim(wrap(TIPS, Math.max(20, this.io.width() - 1)).join('\n')));
        return 'done';
      }
      const open = result.open;
      const outcome = await fillForm(this.io, open, (values) => submitForm(ctx, open.form.id, values, open.metadata));
      switch (outcome.kind) {
        case 'submitted':
          await this.show(outcome.reply);
          return 'done';
        case 'refused':
          this.say(this.io.style.red(hangingWrap('✗ ', outcome.message, Math.max(20, this.io.width() - 1)).join('\n')));
          return 'done';
        case 'cancelled':
          this.say(this.io.style.dim('Cancelled; nothing was changed.'));
          return 'cancelled';
        case 'eof':
          return 'eof';
      }
    } catch (error) {
      this.options.logger?.error(
        { err: error, command: line.split(/\s+/).slice(0, 2).join(' ') },
        'console command failed',
      );
      const where = this.options.logFile ? `; details are in ${this.options.logFile}` : '';
      this.say(
        this.io.style.red(
          `✗ Something went wrong running that command (${error instanceof Error ? error.name : 'error'})${where}.`,
        ),
      );
      return 'done';
    }
  }

  private async show(reply: Reply): Promise<void> {
    const saved = await saveFiles(reply, this.options.exportsDir);
    const rendered = renderReply(saved, { width: this.io.width(), style: this.io.style });
    this.io.write(`${rendered.lines.join('\n')}\n`);
    if (rendered.secrets.length > 0 && this.io.terminal && !this.stopping) await this.wipeSecrets(rendered);
    // An import confirmed here: its progress, then its summary.
    if (reply.follow) await this.show(await followImport(this.options.ctx, this.io, reply.follow.importId));
  }

  /**
   * A secret (a generated PIN) is printed once; on a terminal, once the admin has noted it,
   * its line is overwritten, so it does not stay on the screen. Lines are rendered narrower
   * than the terminal, so each is one row, and the cursor can go back up to it.
   */
  private async wipeSecrets(rendered: RenderedReply): Promise<void> {
    const labels = [...new Set(rendered.secrets.map((s) => s.label))].join(' and ');
    const prompt = this.io.style.dim(`Press Enter to wipe the ${labels} from the screen. `);
    const read = await this.io.read(prompt, { history: 'none' });
    if (read.kind === 'eof') return;
    const typed = read.kind === 'line' ? read.text : read.partial;
    const width = this.io.width();
    const promptRows =
      Math.max(1, Math.ceil((visibleLength(prompt) + visibleLength(typed)) / width)) +
      (read.kind === 'interrupt' ? 1 : 0);
    const screen = this.io.rows();
    for (const secret of rendered.secrets) {
      const up = rendered.lines.length - secret.line + promptRows;
      if (screen !== undefined && up >= screen) continue;
      let text = `\u001b[${up}A\r\u001b[2K${secret.replacement}`;
      for (let row = 1; row < secret.rows; row++) text += '\u001b[1B\r\u001b[2K';
      text += `\u001b[${up - secret.rows + 1}B\r`;
      this.io.write(text);
    }
  }

  private say(text: string): void {
    this.io.write(`${text}\n`);
  }
}
