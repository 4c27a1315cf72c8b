import type { CommandDefinition } from '../../commands/index.js';
import { botCommandList, dialogCommands, MANIFEST_LIMITS } from '../../src/teams/command-catalog.js';

export const MANIFEST_VERSION = '1.19';
export const PLACEHOLDERS = ['TEAMS_APP_ID', 'PUBLIC_HOST', 'PUBLIC_BASE_URL'] as const;
export type PlaceholderValues = Record<(typeof PLACEHOLDERS)[number], string>;

/** As Microsoft's schema spells them (`groupChat`, camel case). */
const SCOPES = ['personal', 'team', 'groupChat'];
type Json = Record<string, any>;

/** The parts of the manifest that come from `commands/`: the bot's command list and the dialog actions. */
export function generatedParts(commands?: CommandDefinition[]) {
  return {
    commandLists: [{ scopes: SCOPES, commands: botCommandList(commands) }],
    composeCommands: dialogCommands(commands).map((c) => ({
      id: c.id,
      type: 'action',
      title: c.title,
      description: c.description,
      context: ['compose', 'commandBox'],
      fetchTask: true,
    })),
  };
}

/** The template with its generated parts made current. */
export function syncManifest(template: Json, commands?: CommandDefinition[]): Json {
  const parts = generatedParts(commands);
  const copy = structuredClone(template);
  copy.bots[0].commandLists = parts.commandLists;
  copy.composeExtensions[0].commands = parts.composeCommands;
  return copy;
}

/**
 * `PUBLIC_HOST`, or the host of `PUBLIC_BASE_URL` (the bot's valid domain), and the base of the
 * developer pages: `PUBLIC_BASE_URL` with its port and path, as https (Teams opens https only),
 * or `https://PUBLIC_HOST`.
 */
export function placeholderValues(env: NodeJS.ProcessEnv): PlaceholderValues {
  const appId = (env.TEAMS_APP_ID ?? '').trim();
  if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(appId)) {
    throw new Error(
      "TEAMS_APP_ID must be the bot's Microsoft App ID, a GUID such as 00000000-0000-0000-0000-000000000000",
    );
  }
  let host = (env.PUBLIC_HOST ?? '').trim();
  let base: URL | null = null;
  if (env.PUBLIC_BASE_URL) {
    try {
      base = new URL(env.PUBLIC_BASE_URL);
    } catch {
      throw new Error(
        'PUBLIC_BASE_URL is not a URL; set PUBLIC_HOST to the public host name, e.g. switchboard.example.com',
      );
    }
    host ||= base.hostname;
  }
  if (!/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(host)) {
    throw new Error(
      'PUBLIC_HOST must be the public host name that reaches Switchboard, e.g. switchboard.example.com (or set PUBLIC_BASE_URL)',
    );
  }
  const pages = base ? `https://${base.host}${base.pathname}` : `https://${host}`;
  return { TEAMS_APP_ID: appId, PUBLIC_HOST: host.toLowerCase(), PUBLIC_BASE_URL: pages.replace(/\/+$/, '') };
}

/** Fills `{{NAME}}` placeholders in the manifest's text; a placeholder left over is an error. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  const filled = text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? values[name as keyof PlaceholderValues] : whole,
  );
  const left = /\{\{(\w+)\}\}/.exec(filled);
  if (left) throw new Error(`manifest.json has a placeholder with no value: ${left[0]}`);
  return filled;
}

/** What Teams would refuse in a manifest, as messages (empty when fine). */
export function manifestProblems(manifest: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => void (ok || problems.push(message));
  check(manifest.manifestVersion === MANIFEST_VERSION, `manifestVersion should be ${MANIFEST_VERSION}`);
  check(
    String(manifest.$schema ?? '').includes(`/v${MANIFEST_VERSION}/`),
    'the $schema URL should name the same version',
  );
  check((manifest.name?.short ?? '').length > 0 && manifest.name.short.length <= 30, 'name.short: 1 to 30 characters');
  check(
    (manifest.description?.short ?? '').length > 0 && manifest.description.short.length <= 80,
    'description.short: 1 to 80 characters',
  );
  check(
    (manifest.description?.full ?? '').length > 0 && manifest.description.full.length <= 4000,
    'description.full: 1 to 4000 characters',
  );
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'])
    check(/^https:\/\//.test(manifest.developer?.[key] ?? ''), `developer.${key} must be https`);
  const bot = manifest.bots?.[0];
  check(Boolean(bot?.botId), 'a bot with its botId');
  for (const list of bot?.commandLists ?? []) {
    check(
      list.commands.length <= MANIFEST_LIMITS.botCommands,
      `a command list has ${list.commands.length} commands; Teams allows ${MANIFEST_LIMITS.botCommands}`,
    );
    for (const c of list.commands) {
      check(c.title.length <= MANIFEST_LIMITS.commandTitle, `command title too long: ${c.title}`);
      check(c.description.length <= MANIFEST_LIMITS.commandDescription, `command description too long: ${c.title}`);
    }
  }
  const actions = manifest.composeExtensions?.[0]?.commands ?? [];
  check(
    actions.length <= MANIFEST_LIMITS.extensionCommands,
    `${actions.length} message-extension commands; Teams allows ${MANIFEST_LIMITS.extensionCommands}`,
  );
  for (const c of actions) {
    check(
      c.id.length <= MANIFEST_LIMITS.extensionCommandId && c.title.length <= MANIFEST_LIMITS.commandTitle,
      `message-extension command too long: ${c.id}`,
    );
    check(
      c.description.length <= MANIFEST_LIMITS.commandDescription,
      `message-extension description too long: ${c.id}`,
    );
  }
  check(Array.isArray(manifest.validDomains) && manifest.validDomains.length > 0, 'validDomains');
  check(/^#[0-9a-f]{6}$/i.test(manifest.accentColor ?? ''), 'accentColor: #RRGGBB');
  return problems;
}
