/**
 * npm run package:teams [-- --out FILE] [-- --sync]
 *
 * Builds the Teams app package (manifest.json, color.png, outline.png) that an admin uploads:
 * the bot's command list and the dialog actions come from commands/, TEAMS_APP_ID and
 * PUBLIC_HOST (or PUBLIC_BASE_URL's host) fill the placeholders. --sync rewrites the committed
 * template manifest/teams/manifest.json after commands changed, and writes no zip.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplate, TEMPLATE_DIR, templateText, writeTeamsPackage } from './teams-package/build.js';
import { syncManifest } from './teams-package/manifest.js';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : 'dist/teams/switchboard-teams.zip';

try {
  if (args.includes('--sync')) {
    writeFileSync(join(TEMPLATE_DIR, 'manifest.json'), templateText(syncManifest(readTemplate())));
    process.stdout.write(`updated ${TEMPLATE_DIR}/manifest.json from commands/\n`);
  } else {
    if (!out) throw new Error('--out needs a file name');
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    const manifest = await writeTeamsPackage({ env: process.env, out, version });
    process.stdout.write(
      `wrote ${out}: app ${manifest.id} for ${manifest.validDomains.join(', ')}, ${manifest.bots[0].commandLists[0].commands.length} bot commands, ${manifest.composeExtensions[0].commands.length} dialog actions\n`,
    );
  }
} catch (error) {
  process.stderr.write(`package:teams: ${(error as Error).message}\n`);
  process.exit(1);
}
