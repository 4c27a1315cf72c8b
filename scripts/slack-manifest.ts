/**
 * npm run manifest:slack [-- --socket-mode] [-- --url URL] [-- --out FILE]
 *
 * Writes the Slack app manifest, ready to paste at https://api.slack.com/apps (Create New App →
 * From a manifest), from the template manifest/slack.yaml: its URLs are filled from PUBLIC_BASE_URL
 * (or --url); with --socket-mode, Socket Mode is on and the manifest has no URLs at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDocument, isMap, isSeq } from 'yaml';
import '../src/load-env.js';

export const TEMPLATE = 'manifest/slack.yaml';
const PLACEHOLDER = '${PUBLIC_BASE_URL}';

export type SlackManifestTarget = { socketMode: true } | { socketMode: false; publicBaseUrl: string };

/** The request URLs' base: an https:// URL Slack can reach (Slack refuses http:// and local addresses). */
export function checkPublicBaseUrl(value: string | undefined): string {
  if (!value?.trim()) {
    throw new Error(
      'PUBLIC_BASE_URL is not set: give the https:// URL where Slack reaches Switchboard, e.g. ' +
        'PUBLIC_BASE_URL=https://switchboard.example.com npm run manifest:slack, or use --socket-mode',
    );
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`PUBLIC_BASE_URL must be an https:// URL such as https://switchboard.example.com, not "${value}"`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(
      `PUBLIC_BASE_URL must be https:// for Slack, not "${value}"; without a public URL use --socket-mode`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** The manifest for `target`, from the template's text; its comments are kept. */
export function slackManifest(template: string, target: SlackManifestTarget): string {
  const doc = parseDocument(template);
  const commands = doc.getIn(['features', 'slash_commands']);
  if (target.socketMode) {
    doc.setIn(['settings', 'socket_mode_enabled'], true);
    doc.deleteIn(['settings', 'event_subscriptions', 'request_url']);
    doc.deleteIn(['settings', 'interactivity', 'request_url']);
    if (isSeq(commands)) for (const command of commands.items) if (isMap(command)) command.delete('url');
    return withHeader(doc.toString({ lineWidth: 0 }), target);
  }
  const text = withHeader(doc.toString({ lineWidth: 0 }), target);
  return text.replaceAll(PLACEHOLDER, target.publicBaseUrl);
}

/**
 * The template's first two paragraphs (what it is, how to make the manifest from it) replaced
 * by what the written manifest is; the rest of its comments (Socket Mode, the scopes) kept.
 */
function withHeader(text: string, target: SlackManifestTarget): string {
  const lines = text.split('\n');
  const paragraphEnds = lines.flatMap((line, index) => (line === '#' ? [index] : []));
  const kept = paragraphEnds.length >= 2 ? lines.slice(paragraphEnds[1]) : lines;
  return [...generatedHeader(target).map((line) => `#${line}`), ...kept].join('\n');
}

/** What a written manifest says of itself, in place of the template's header. */
function generatedHeader(target: SlackManifestTarget): string[] {
  const mode = target.socketMode
    ? 'Socket Mode (no request URLs)'
    : `requests to ${target.publicBaseUrl}/slack/events, signature checked`;
  return [
    ` Slack app manifest of Switchboard, written by npm run manifest:slack: ${mode}.`,
    ' Paste it at https://api.slack.com/apps → Create New App → From a manifest → pick the workspace.',
    ' Written again from manifest/slack.yaml whenever the URL or the commands change; edits here are lost.',
  ];
}

const USAGE = 'npm run manifest:slack -- [--socket-mode] [--url URL] [--out FILE]';
const HELP = `${USAGE}

Writes the Slack app manifest of Switchboard to paste at https://api.slack.com/apps (Create New App →
From a manifest), from manifest/slack.yaml, on standard output or into FILE.
  --url URL       the https:// URL where Slack reaches Switchboard (default: PUBLIC_BASE_URL)
  --socket-mode   Socket Mode on and no request URLs (no public URL needed)
  --out FILE      write FILE instead of standard output
  --help, -h      this text
`;

function main(args: string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const next = args[at + 1];
    if (!next || next.startsWith('--')) throw new Error(`${flag} needs a value`);
    return next;
  };
  const unknown = args.filter((arg) => arg.startsWith('--') && !['--socket-mode', '--url', '--out'].includes(arg));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown[0]}; usage: ${USAGE} (--help says more)`);
  const target: SlackManifestTarget = args.includes('--socket-mode')
    ? { socketMode: true }
    : { socketMode: false, publicBaseUrl: checkPublicBaseUrl(value('--url') ?? process.env.PUBLIC_BASE_URL) };
  const manifest = slackManifest(readFileSync(TEMPLATE, 'utf8'), target);
  const out = value('--out');
  if (!out) {
    process.stdout.write(manifest);
    return;
  }
  writeFileSync(out, manifest);
  const where = target.socketMode ? 'Socket Mode, no request URLs' : `requests to ${target.publicBaseUrl}/slack/events`;
  process.stderr.write(
    `wrote ${out} (${where}); paste it at https://api.slack.com/apps → Create New App → From a manifest\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`manifest:slack: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
