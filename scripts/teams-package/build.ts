import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ZipFile } from 'yazl';
import { fillPlaceholders, manifestProblems, placeholderValues, syncManifest } from './manifest.js';

export const TEMPLATE_DIR = 'manifest/teams';
export const ICONS = ['color.png', 'outline.png'] as const;

/** The committed template, parsed. */
export function readTemplate(dir = TEMPLATE_DIR): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
}

export function templateText(manifest: Record<string, any>): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The manifest as it goes into the package: commands current, placeholders filled, checked. */
export function packagedManifest(env: NodeJS.ProcessEnv, dir = TEMPLATE_DIR, version?: string): Record<string, any> {
  const synced = syncManifest(readTemplate(dir));
  if (version) synced.version = version;
  const manifest = JSON.parse(fillPlaceholders(JSON.stringify(synced), placeholderValues(env)));
  const problems = manifestProblems(manifest);
  if (problems.length > 0) throw new Error(`the Teams manifest would be refused: ${problems.join('; ')}`);
  return manifest;
}

/** Writes the zip an admin uploads to Teams: manifest.json and the two icons, at its root. */
export async function writeTeamsPackage(options: {
  env: NodeJS.ProcessEnv;
  out: string;
  dir?: string;
  version?: string;
}): Promise<Record<string, any>> {
  const dir = options.dir ?? TEMPLATE_DIR;
  const manifest = packagedManifest(options.env, dir, options.version);
  const zip = new ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z'); // the same input gives the same zip
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json', { mtime });
  for (const icon of ICONS) zip.addBuffer(readFileSync(join(dir, icon)), icon, { mtime });
  zip.end();
  mkdirSync(dirname(options.out), { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const file = createWriteStream(options.out);
    file.on('close', () => resolve());
    file.on('error', reject);
    zip.outputStream.on('error', reject).pipe(file);
  });
  return manifest;
}
