import type { CommandContext } from '../../commands/index.js';
import { importProgress } from '../../commands/users-import.js';
import { importFinished, type ImportProgressDto } from '../domain/dto/import-dto.js';
import { importStatus } from '../services/imports/query.js';
import { progressBar } from '../../views/replies/import-replies.js';
import type { Reply } from '../../views/reply.js';
import type { ConsoleIO } from './io.js';
import { truncate } from './text.js';

const ended = (p: ImportProgressDto) => importFinished(p) || p.state === 'cancelled';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Follows an import the admin just confirmed: on a terminal a progress bar redrawn in place (at
 * most 4 times a second) until it ends; then its summary, with the file of the rows that failed.
 */
export async function followImport(ctx: CommandContext, io: ConsoleIO, id: string, intervalMs = 250): Promise<Reply> {
  let status = await importStatus(ctx.deps, ctx.actor, id);
  while (!ended(status)) {
    if (io.terminal) {
      const line = `${progressBar(status.done, status.total)} ${status.done} of ${status.total} rows`;
      io.write(`\r\u001b[2K${io.style.dim(truncate(line, Math.max(20, io.width() - 1)))}`);
    }
    await pause(intervalMs);
    status = await importStatus(ctx.deps, ctx.actor, id);
  }
  if (io.terminal) io.write('\r\u001b[2K');
  return importProgress(ctx.deps, ctx.actor, status);
}
