import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { IncomingFile } from '../../commands/index.js';
import { ServiceError } from '../domain/errors.js';
import { fileTooLarge, IMPORT_LIMITS } from '../services/imports/parse.js';
import type { Reply } from '../../views/reply.js';

/** Where the console writes the files of replies (exports, the rows an import could not take). */
export const EXPORTS_DIR = join('data', 'exports');

const refuse = (message: string) => ServiceError.field('VALIDATION.INVALID', 'file', message);

/** A file on this machine, by path; a missing, unreadable or too large one is refused with what to do. */
export async function localFile(path: string): Promise<IncomingFile> {
  const full = resolve(path);
  let size: number;
  try {
    const info = await stat(full);
    if (!info.isFile()) throw refuse(`${path} is not a file; give the path of the CSV.`);
    size = info.size;
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(
      code === 'ENOENT' ? `There is no file ${path} (looked in ${full}).` : `${path} cannot be read (${code}).`,
    );
  }
  if (size > IMPORT_LIMITS.maxBytes) throw fileTooLarge(path);
  return { name: basename(full), size, read: () => readFile(full) };
}

/**
 * Writes `content` as `name` in `dir`, never over a file there: a name taken (an export made the
 * same minute) becomes `name-2.csv`, `name-3.csv`, ... Returns the path written.
 */
async function writeNew(dir: string, name: string, content: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? name : `${stem}-${n}${extension}`);
    try {
      await writeFile(path, content, { mode: 0o600, flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Writes the files of a reply under ./data/exports (readable by this user only) and sets each
 * block's `url` to the path written, which the console shows.
 */
export async function saveFiles(reply: Reply, dir = EXPORTS_DIR): Promise<Reply> {
  if (!reply.blocks.some((b) => b.type === 'file')) return reply;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const blocks = await Promise.all(
    reply.blocks.map(async (block) => {
      if (block.type !== 'file') return block;
      return { ...block, url: await writeNew(dir, basename(block.name), block.content) };
    }),
  );
  return { ...reply, blocks };
}
