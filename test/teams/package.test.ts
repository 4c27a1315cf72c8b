import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { readTemplate, writeTeamsPackage } from '../../scripts/teams-package/build.js';
import { manifestProblems, placeholderValues, syncManifest } from '../../scripts/teams-package/manifest.js';
import { dialogCommands } from '../../src/teams/command-catalog.js';

const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
const env = {
  TEAMS_APP_ID: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  PUBLIC_BASE_URL: 'https://switchboard.example.com/base',
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The entries of a zip file, by name. */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z!))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream!.on('data', (c: Buffer) => chunks.push(c));
        stream!.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

function checkPackage(entries: Map<string, Buffer>) {
  expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
  expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
  expect(manifestProblems(manifest)).toEqual([]);
  expect(manifest).toMatchObject({
    manifestVersion: '1.19',
    id: env.TEAMS_APP_ID,
    validDomains: ['switchboard.example.com'],
    icons: { color: 'color.png', outline: 'outline.png' },
  });
  expect(manifest.bots[0].botId).toBe(env.TEAMS_APP_ID);
  expect(manifest.composeExtensions[0].botId).toBe(env.TEAMS_APP_ID);
  expect(manifest.developer.privacyUrl).toBe('https://switchboard.example.com/base/privacy');

  // The command list matches commands/: one entry per first word (a plural under its singular, a
  // re-word under its word), each command under one.
  const listed = manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title);
  const firstWords = new Set(allCommands().map((c) => c.words[0]!));
  const entry = (word: string) => {
    if (word.endsWith('s') && firstWords.has(word.slice(0, -1))) return word.slice(0, -1);
    return word.startsWith('re') && firstWords.has(word.slice(2)) ? word.slice(2) : word;
  };
  expect(listed).toEqual([...new Set([...firstWords].map(entry))]);
  expect(listed).toContain('grant');
  expect(listed).not.toContain('grants');
  expect(listed).toContain('review');
  expect(listed).not.toContain('reinvite');
  for (const command of allCommands())
    expect(listed.filter((title: string) => title === entry(command.words[0]!))).toHaveLength(1);
  for (const entry of manifest.bots[0].commandLists[0].commands) {
    const members = allCommands().filter((c) => c.words[0] === entry.title);
    for (const sub of members.filter((c) => c.words.length > 1))
      expect(entry.description, entry.title).toContain(sub.words[1]);
  }
  expect(manifest.composeExtensions[0].commands.map((c: { id: string }) => c.id)).toEqual(
    dialogCommands().map((c) => c.id),
  );
  expect(
    manifest.composeExtensions[0].commands.every(
      (c: { type: string; fetchTask: boolean }) => c.type === 'action' && c.fetchTask,
    ),
  ).toBe(true);

  checkIcons(entries.get('color.png')!, entries.get('outline.png')!);
  return manifest;
}

/** Teams' icon rules: color.png 192x192 and opaque; outline.png 32x32, white on transparency (read with pngjs). */
function checkIcons(colorPng: Buffer, outlinePng: Buffer) {
  const color = PNG.sync.read(colorPng);
  expect([color.width, color.height]).toEqual([192, 192]);
  const outline = PNG.sync.read(outlinePng);
  expect([outline.width, outline.height]).toEqual([32, 32]);
  expect(outlinePng.readUInt8(25) & 4, 'the outline PNG has an alpha channel').toBe(4); // IHDR colour type 4 or 6
  const alpha = (x: number, y: number) => outline.data[(y * 32 + x) * 4 + 3];
  expect(alpha(0, 0)).toBe(0); // transparent around the glyph
  const pixels = Array.from({ length: 32 * 32 }, (_v, i) => [...outline.data.subarray(i * 4, i * 4 + 4)]);
  const opaque = pixels.filter((p) => p[3] === 255);
  expect(opaque.length).toBeGreaterThan(50);
  expect(opaque.every((p) => p[0] === 255 && p[1] === 255 && p[2] === 255)).toBe(true); // white outline
  expect(color.data.every((_v, i) => i % 4 !== 3 || color.data[i] === 255)).toBe(true); // the colour icon is opaque
}

describe('the Teams app package', () => {
  it('holds a manifest that parses, with the commands of commands/, and the two icons', async () => {
    const out = join(dir, 'pkg.zip');
    await writeTeamsPackage({ env, out, version: '1.2.3' });
    const manifest = checkPackage(await unzip(out));
    expect(manifest.version).toBe('1.2.3');
  });

  it('npm run package:teams fills the placeholders from the environment and writes the zip', async () => {
    const out = join(dir, 'from-script.zip');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out],
      { env: { ...process.env, ...env } },
    );
    expect(stdout).toMatch(/wrote .*from-script\.zip: app 3F2504E0/);
    const manifest = checkPackage(await unzip(out));
    expect(manifest.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  }, 60_000);

  it('the committed icons are the sizes Teams wants: color.png 192x192, outline.png 32x32 and transparent', () => {
    checkIcons(readFileSync('manifest/teams/color.png'), readFileSync('manifest/teams/outline.png'));
    const tooSmall = new PNG({ width: 16, height: 16 });
    expect(() => checkIcons(PNG.sync.write(tooSmall), readFileSync('manifest/teams/outline.png'))).toThrow(/192/);
  });

  it('refuses to build without a GUID app id or a public host', () => {
    expect(() => placeholderValues({ PUBLIC_HOST: 'a.example.com' })).toThrow(/TEAMS_APP_ID must be/);
    expect(() => placeholderValues({ TEAMS_APP_ID: env.TEAMS_APP_ID })).toThrow(/PUBLIC_HOST must be/);
    expect(() => placeholderValues({ TEAMS_APP_ID: env.TEAMS_APP_ID, PUBLIC_HOST: 'https://a.example.com/' })).toThrow(
      /PUBLIC_HOST must be/,
    );
    expect(placeholderValues({ TEAMS_APP_ID: env.TEAMS_APP_ID, PUBLIC_HOST: 'Teams.Example.com' }).PUBLIC_HOST).toBe(
      'teams.example.com',
    );
  });

  it("links the developer pages where Switchboard serves them: PUBLIC_BASE_URL's port and path kept", () => {
    const id = { TEAMS_APP_ID: env.TEAMS_APP_ID };
    expect(placeholderValues({ ...id, PUBLIC_BASE_URL: 'https://sb.example.com:8443/x/' })).toMatchObject({
      PUBLIC_HOST: 'sb.example.com',
      PUBLIC_BASE_URL: 'https://sb.example.com:8443/x',
    });
    expect(placeholderValues({ ...id, PUBLIC_HOST: 'teams.example.com' }).PUBLIC_BASE_URL).toBe(
      'https://teams.example.com',
    );
    const template = JSON.stringify(readTemplate());
    for (const page of ['/', '/privacy', '/terms']) expect(template).toContain(`"{{PUBLIC_BASE_URL}}${page}"`);
  });

  it('the committed manifest/teams/manifest.json is current with commands/ (else: npm run package:teams -- --sync)', () => {
    const template = readTemplate();
    expect(template, 'run: npm run package:teams -- --sync').toEqual(syncManifest(template));
    expect(JSON.stringify(template)).toContain('{{TEAMS_APP_ID}}');
    expect(JSON.stringify(template)).toContain('{{PUBLIC_HOST}}');
  });
});
