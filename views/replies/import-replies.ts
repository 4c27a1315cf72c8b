import type { CsvFileDto, ImportPreviewDto, ImportProgressDto } from '../../src/domain/dto/import-dto.js';
import { failure, info, success, type Reply, type ReplyBlock } from '../reply.js';

/** How many wrong rows a preview lists; the rest are in the file of wrong rows. */
export const PREVIEW_ERRORS_SHOWN = 20;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The first 8 characters of an import's id: what commands accept and people type. */
export const shortImportId = (id: string): string => id.slice(0, 8);

/** What a previewed import would do, its wrong rows, and the buttons to import or cancel it. */
export function importPreviewReply(preview: ImportPreviewDto, wrongRows?: CsvFileDto): Reply {
  const valid = preview.toAdd + preview.toUpdate;
  const id = shortImportId(preview.id);
  const lines = [
    `${count(preview.total, 'row')} in ${preview.fileName}: ${preview.toAdd.toLocaleString('en-US')} to add, ` +
      `${preview.toUpdate.toLocaleString('en-US')} to update` +
      (preview.unchanged > 0 ? ` (${preview.unchanged.toLocaleString('en-US')} of them unchanged)` : '') +
      `, ${preview.invalid.toLocaleString('en-US')} wrong.`,
  ];
  if (preview.sendsEmails > 0) lines.push(`${count(preview.sendsEmails, 'password setup email')} will be sent.`);
  if (preview.administrators > 0)
    lines.push(`${count(preview.administrators, 'user')} would become Administrator: a second Administrator approves.`);
  if (preview.administratorEmails > 0) {
    const whose =
      preview.administratorEmails === 1
        ? "1 Administrator's email"
        : `${preview.administratorEmails} Administrators' emails`;
    lines.push(`${whose} would change: a second Administrator approves.`);
  }
  lines.push('Nothing has changed yet.');
  const blocks: ReplyBlock[] = [
    { type: 'header', text: `Import preview ${id}` },
    { type: 'text', text: lines.join('\n') },
  ];
  if (preview.errors.length > 0) {
    const shown = preview.errors.slice(0, PREVIEW_ERRORS_SHOWN);
    const more = preview.errors.length - shown.length;
    blocks.push({
      type: 'table',
      columns: ['Line', 'Column', 'What is wrong'],
      rows: shown.map((e) => [String(e.line), e.column ?? '', e.message]),
      ...(more > 0 ? { footer: `…and ${count(more, 'more problem')}: every one is in the file of wrong rows.` } : {}),
    });
  }
  if (wrongRows && wrongRows.count > 0)
    blocks.push({
      type: 'file',
      name: wrongRows.fileName,
      content: wrongRows.csv,
      note: `${count(wrongRows.count, 'wrong row')}, each with its line and what is wrong: fix them and import the file again.`,
    });
  if (valid === 0) {
    blocks.push({ type: 'text', text: 'There is nothing to import: fix the file and import it again.' });
    return failure(`Nothing to import from ${preview.fileName}`, blocks);
  }
  const what = count(valid, 'user');
  blocks.push({
    type: 'actions',
    actions: [
      {
        label: `Import ${what}`,
        command: `users import confirm ${id}`,
        style: 'primary',
        confirm: {
          title: 'Import users?',
          text:
            `${preview.toAdd.toLocaleString('en-US')} added and ${preview.toUpdate.toLocaleString('en-US')} updated` +
            (preview.invalid > 0 ? `; the ${count(preview.invalid, 'wrong row')} are skipped.` : '.'),
          yes: 'Import',
        },
      },
      { label: 'Cancel', command: `users import cancel ${id}` },
    ],
  });
  return info(`Import preview: ${what} to import from ${preview.fileName}`, blocks);
}

/** A text progress bar: `▓▓▓▓░░░░░░ 40%`. */
export function progressBar(done: number, total: number, width = 20): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${Math.floor(share * 100)}%`;
}

function progressFields(p: ImportProgressDto): ReplyBlock {
  const fields = [
    { label: 'Added', value: p.added.toLocaleString('en-US') },
    { label: 'Updated', value: p.updated.toLocaleString('en-US') },
    { label: 'Unchanged', value: p.unchanged.toLocaleString('en-US') },
    { label: 'Failed', value: p.failed.toLocaleString('en-US') },
  ];
  if (p.invalid > 0) fields.push({ label: 'Wrong in the file (skipped)', value: p.invalid.toLocaleString('en-US') });
  return { type: 'fields', fields };
}

/**
 * An import's message, updated in place while it runs: a bar and the counts; at the end the
 * summary, with the file of the rows that failed when there are any.
 */
export function importProgressReply(p: ImportProgressDto, failedRows?: CsvFileDto): Reply {
  const id = shortImportId(p.id);
  const of = `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows`;
  if (p.state === 'queued' || p.state === 'running') {
    return info(`Importing ${p.fileName}: ${of}`, [
      { type: 'header', text: `Importing ${p.fileName}` },
      { type: 'text', text: `${progressBar(p.done, p.total)} · ${of}` },
      progressFields(p),
      { type: 'text', text: `Import ${id}. This message is updated as it goes.` },
    ]);
  }
  if (p.state === 'preview' || p.state === 'cancelled') {
    const what = p.state === 'preview' ? 'is waiting to be confirmed' : 'was cancelled; nothing was imported';
    return info(`Import ${id} ${what}.`);
  }
  const ending = p.state === 'failed' ? 'stopped' : 'finished';
  const blocks: ReplyBlock[] = [{ type: 'header', text: `Import of ${p.fileName} ${ending}` }];
  const bad = p.failed + p.invalid;
  const counts = `${count(p.added, 'user')} added, ${p.updated.toLocaleString('en-US')} updated, ${p.unchanged.toLocaleString('en-US')} unchanged, ${p.failed.toLocaleString('en-US')} failed.`;
  blocks.push({
    type: 'text',
    text: p.state === 'failed' ? `The import stopped: ${p.reason ?? 'an unexpected error'}. ${counts}` : counts,
  });
  blocks.push(progressFields(p));
  if (failedRows && failedRows.count > 0)
    blocks.push({
      type: 'file',
      name: failedRows.fileName,
      content: failedRows.csv,
      note: `${count(failedRows.count, 'row')} not imported, each with its line and why: fix them and import that file.`,
    });
  const summary = `Import of ${p.fileName} ${ending}: ${counts}`;
  if (p.state === 'failed') return failure(summary, blocks);
  return bad > 0 ? info(summary, blocks) : success(summary, blocks);
}

/** The import was confirmed: it runs in the background, its progress in a message of its own. */
export function importStartedReply(p: { id: string; rows: number }, where: string): Reply {
  const text = `Importing ${count(p.rows, 'user')} (import ${shortImportId(p.id)}). ${where}`;
  return success(text, [{ type: 'text', text }]);
}

/** An export, as a file for whoever asked. */
export function exportReply(file: CsvFileDto, state: string): Reply {
  const what = `${count(file.count, 'user')} (${state})`;
  return success(`Exported ${what} to ${file.fileName}`, [
    { type: 'text', text: 'The file has the columns users import takes.' },
    {
      type: 'file',
      name: file.fileName,
      content: file.csv,
      note: 'The CSV has no passwords, PINs or links; treat it as confidential all the same.',
    },
  ]);
}
