import { z } from 'zod/v4';
import { isServiceError } from '../src/domain/errors.js';
import { importFinished, type ImportProgressDto } from '../src/domain/dto/import-dto.js';
import type { Actor, ServiceDeps } from '../src/services/context.js';
import { prepareImport } from '../src/services/imports/prepare.js';
import { importUsersOperation } from '../src/services/imports/operations.js';
import { cancelImport, failedRowsCsv, importStatus } from '../src/services/imports/query.js';
import { importUsersForm } from '../views/forms/import-forms.js';
import {
  importPreviewReply,
  importProgressReply,
  importStartedReply,
  PREVIEW_ERRORS_SHOWN,
  shortImportId,
} from '../views/replies/import-replies.js';
import { failure, info, type Reply } from '../views/reply.js';
import { flagsOnly } from './args.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand, type CommandScope, type IncomingFile } from './types.js';

const ATTACH_IN_TEAMS =
  'Attach the CSV file to a message "users import" in your 1:1 chat with me (the columns are those of users export).';
const NO_PATHS_HERE =
  'A path names a file on the Switchboard server, which only its console reads. ' +
  'In Slack run /portal users import and choose the file; in Teams attach it to the message.';

/** The file to import: attached to the message, or named by a path (console), or none yet. */
async function fileOf(ctx: CommandScope, path: string | undefined): Promise<IncomingFile | Reply | null> {
  if (path) return ctx.localFile ? ctx.localFile(path) : failure(NO_PATHS_HERE);
  const csv = ctx.attachments?.find((f) => /\.csv$/i.test(f.name)) ?? ctx.attachments?.[0];
  return csv ?? null;
}

/** Reads and previews a file: its wrong rows listed (and all of them in a file when there are many). */
export async function previewFile(ctx: CommandScope, file: IncomingFile): Promise<Reply> {
  let content: Buffer;
  try {
    content = await file.read();
  } catch (error) {
    if (isServiceError(error)) return failure(error.message);
    throw error;
  }
  const origin = { platform: ctx.actor.platform, ...ctx.replyPlace };
  const preview = await prepareImport(ctx.deps, ctx.actor, { fileName: file.name, content, origin });
  const many = preview.errors.length > PREVIEW_ERRORS_SHOWN;
  return importPreviewReply(preview, many ? await failedRowsCsv(ctx.deps, ctx.actor, preview.id) : undefined);
}

/**
 * An import's progress as a reply (the status command, the chat message updated in place, the
 * console's summary): once it has ended, with the file of the rows that were wrong or failed.
 */
export async function importProgress(deps: ServiceDeps, actor: Actor, status: ImportProgressDto): Promise<Reply> {
  const failed = importFinished(status) && status.failed + status.invalid > 0;
  return importProgressReply(status, failed ? await failedRowsCsv(deps, actor, status.id) : undefined);
}

const importId = z.object({
  positional: z.array(z.string()).length(1, 'Give the import id (it is in the preview)'),
  flags: flagsOnly([]),
});

export const usersImportCommand = defineCommand({
  words: ['users', 'import'],
  usage: '[<path>]',
  summary:
    'add or update users from a CSV (the columns of users export): a preview first, nothing changes until you confirm',
  permission: 'Administrator',
  args: z
    .object({ positional: z.array(z.string()).max(1, 'Give at most one file'), flags: flagsOnly([]) })
    .transform((a) => ({ path: a.positional[0] })),
  async run(ctx, args) {
    const file = await fileOf(ctx, args.path);
    if (file && 'read' in file) return { kind: 'reply', reply: await previewFile(ctx, file) };
    if (file) return { kind: 'reply', reply: file };
    // Teams takes no file in a card: the file comes attached to the message.
    if (ctx.attachments) return { kind: 'reply', reply: info(ATTACH_IN_TEAMS) };
    return { kind: 'form', open: await openForm(ctx, importUsersForm) };
  },
});

/** Where the progress of an import shows, as the platform it was confirmed from has it. */
const progressWhere = (platform: string) =>
  platform === 'console'
    ? 'Its progress follows here.'
    : 'Its progress is shown in a message of its own, updated as it goes.';

export const usersImportConfirmCommand = defineCommand({
  words: ['users', 'import', 'confirm'],
  usage: '<import id>',
  summary: 'import the users of a preview (more than the bulk threshold waits for a second Administrator)',
  permission: 'Administrator',
  args: importId.transform((a) => ({ id: a.positional[0]! })),
  async run(ctx, args) {
    const status = await importStatus(ctx.deps, ctx.actor, args.id);
    const ran = await ctx.run(importUsersOperation, { batch: status.id, rows: status.total });
    const reply = await answer(ran, (confirmed) => importStartedReply(confirmed, progressWhere(ctx.actor.platform)));
    if (ran.kind !== 'done') return { kind: 'reply', reply };
    // The runner starts at once rather than at its next look (a held import starts when approved).
    ctx.deps.importEvents.wake(status.id);
    return { kind: 'reply', reply: { ...reply, follow: { importId: status.id } } };
  },
});

export const usersImportCancelCommand = defineCommand({
  words: ['users', 'import', 'cancel'],
  usage: '<import id>',
  summary: 'drop a preview without importing anything',
  permission: 'Administrator',
  args: importId.transform((a) => ({ id: a.positional[0]! })),
  async run(ctx, args) {
    const cancelled = await cancelImport(ctx.deps, ctx.actor, args.id);
    return { kind: 'reply', reply: info(`Import ${shortImportId(cancelled.id)} cancelled; nothing was imported.`) };
  },
});

export const usersImportStatusCommand = defineCommand({
  words: ['users', 'import', 'status'],
  usage: '<import id>',
  summary: 'how far an import has got; at its end the summary and the rows that failed',
  permission: 'Administrator',
  args: importId.transform((a) => ({ id: a.positional[0]! })),
  async run(ctx, args) {
    const status = await importStatus(ctx.deps, ctx.actor, args.id);
    return { kind: 'reply', reply: await importProgress(ctx.deps, ctx.actor, status) };
  },
});

const importFormHandler = defineForm({
  form: importUsersForm,
  async submit(ctx, input) {
    const { file } = input as { file: string[] };
    if (!ctx.fileById) return failure(NO_PATHS_HERE);
    let incoming: IncomingFile;
    try {
      incoming = await ctx.fileById(file[0]!);
    } catch (error) {
      if (isServiceError(error)) return failure(error.message);
      throw error;
    }
    return previewFile(ctx, incoming);
  },
});

export const commands = [
  usersImportCommand,
  usersImportConfirmCommand,
  usersImportCancelCommand,
  usersImportStatusCommand,
];
export const forms = [importFormHandler];
