/**
 * The console itself: loaded by src/main.ts only when it opens, so that a server without one does
 * not load its modules (readline, the prompts, terminal width and wrapping) nor ICU's segmenter data.
 */
import type { CommandRegistry } from '../../commands/types.js';
import type { CommandContext } from '../../commands/index.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import { localFile } from './files.js';
import { ReadlineIO, type ConsoleIO } from './io.js';
import type { ConsoleLogSink } from './log-sink.js';
import { completerFor, ConsoleSession } from './session.js';
import type { ConsoleUser } from './start.js';

export interface RunningConsole {
  session: ConsoleSession;
  /** Settles when the user quits (exit, Ctrl-D, Ctrl-C twice). */
  done: Promise<void>;
  /** Stops reading and waits for a command in flight. */
  close(): Promise<void>;
}

export interface OpenConsoleOptions {
  deps: ServiceDeps;
  user: ConsoleUser;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  /** Given by tests; default: readline over `input` and `output` (stdin and stdout). */
  io?: ConsoleIO;
  logger?: Logger;
  /** While the console is open, the log's screen lines appear above the prompt. */
  logSink?: ConsoleLogSink;
  /** The commands and forms offered; the default registry when left out (tests give their own). */
  registry?: CommandRegistry;
}

/** Opens the console acting as `user`, on stdin and stdout unless told otherwise. */
export function openConsole(options: OpenConsoleOptions): RunningConsole {
  const user = options.user;
  const ctx: CommandContext = {
    deps: options.deps,
    actor: { userId: user.id, platform: 'console' },
    // A form's file field takes a path here, as `users import <path>` does.
    localFile,
    fileById: localFile,
    ...(options.registry ? { registry: options.registry } : {}),
  };
  const completer = completerFor(ctx);
  const io =
    options.io ??
    new ReadlineIO({ input: options.input ?? process.stdin, output: options.output ?? process.stdout, completer });
  const session = new ConsoleSession({
    ctx,
    io,
    identity: { userId: user.userId, name: user.name, account: user.account, administrator: user.administrator },
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logSink ? { logFile: options.logSink.file.replace(/^\.\//, '') } : {}),
  });
  options.logSink?.attach((text) => io.notice(text));
  const done = session.run().finally(() => options.logSink?.detach());
  let closing: Promise<void> | null = null;
  return {
    session,
    done,
    close: () => (closing ??= session.stop().then(() => done)),
  };
}
