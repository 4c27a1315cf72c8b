import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkPublicBaseUrl, slackManifest } from '../../scripts/slack-manifest.js';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../src/slack/app.js';

const manifest = readFileSync('manifest/slack.yaml', 'utf8');
const lines = manifest.split('\n').filter((line) => !line.trim().startsWith('#'));

/** The items of a YAML block list under `key:` (the manifest's simple form). */
function listUnder(key: string): string[] {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  expect(start, key).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*- (.+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!.trim());
  }
  return items;
}

describe('manifest/slack.yaml', () => {
  it('asks for the bot scopes the adapter uses and no more', () => {
    expect(listUnder('bot').sort()).toEqual([
      'chat:write',
      'commands',
      'files:read',
      'files:write',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
    expect(manifest).not.toMatch(/^\s*user:/m);
  });

  it('points the slash command, interactivity and events at ${PUBLIC_BASE_URL}/slack/events', () => {
    const urls = [...manifest.matchAll(/^\s*(?:url|request_url): (.+)$/gm)].map((m) => m[1]);
    expect(urls).toEqual(Array(3).fill(`\${PUBLIC_BASE_URL}${SLACK_EVENTS_PATH}`));
    expect(manifest).toMatch(/- command: \/portal\n/);
    expect(manifest).toMatch(/should_escape: true/);
    expect(listUnder('bot_events')).toEqual(['app_home_opened']);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: false/);
    expect(manifest).toMatch(/SLACK_APP_TOKEN/);
  });
});

describe('npm run manifest:slack', () => {
  type Manifest = {
    features: { slash_commands: Array<{ command: string; url?: string; should_escape: boolean }> };
    oauth_config: { scopes: { bot: string[] } };
    settings: {
      socket_mode_enabled: boolean;
      event_subscriptions: { request_url?: string; bot_events: string[] };
      interactivity: { is_enabled: boolean; request_url?: string };
    };
  };
  const SCOPES = ['chat:write', 'commands', 'files:read', 'files:write', 'im:write', 'users:read', 'users:read.email'];

  it('fills every URL from PUBLIC_BASE_URL, with the scopes and the slash command', () => {
    const text = slackManifest(manifest, {
      socketMode: false,
      publicBaseUrl: checkPublicBaseUrl('https://sb.example.com/'),
    });
    expect(text).not.toContain('${');
    const generated = parse(text) as Manifest;
    const events = `https://sb.example.com${SLACK_EVENTS_PATH}`;
    expect(generated.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/portal', url: events, should_escape: true }),
    ]);
    expect(generated.settings.event_subscriptions).toEqual({ request_url: events, bot_events: ['app_home_opened'] });
    expect(generated.settings.interactivity).toEqual({ is_enabled: true, request_url: events });
    expect(generated.settings.socket_mode_enabled).toBe(false);
    expect([...generated.oauth_config.scopes.bot].sort()).toEqual(SCOPES);
  });

  it('--socket-mode: Socket Mode on and no URLs at all', () => {
    const text = slackManifest(manifest, { socketMode: true });
    const generated = parse(text) as Manifest;
    expect(generated.settings.socket_mode_enabled).toBe(true);
    expect(
      text
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n'),
    ).not.toMatch(/url|PUBLIC_BASE_URL/);
    expect(generated.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/portal', should_escape: true }),
    ]);
    expect(generated.settings.interactivity.is_enabled).toBe(true);
    expect([...generated.oauth_config.scopes.bot].sort()).toEqual(SCOPES);
  });

  it('refuses a base URL Slack cannot use, saying what to give instead', () => {
    expect(() => checkPublicBaseUrl(undefined)).toThrow(/^PUBLIC_BASE_URL is not set: .* or use --socket-mode$/);
    expect(() => checkPublicBaseUrl('http://localhost:3000')).toThrow(/^PUBLIC_BASE_URL must be https:\/\/ for Slack/);
    expect(() => checkPublicBaseUrl('sb.example.com')).toThrow(/^PUBLIC_BASE_URL must be an https:\/\/ URL/);
  });

  it('says what it is at its top, not what the template says of itself', () => {
    const url = 'https://sb.example.com';
    const written = slackManifest(manifest, { socketMode: false, publicBaseUrl: url });
    const header = written.split('\n').filter((line) => line.startsWith('#'));
    expect(header[0]).toBe(
      `# Slack app manifest of Switchboard, written by npm run manifest:slack: requests to ${url}/slack/events, signature checked.`,
    );
    expect(written).not.toMatch(/the template|Do not edit it by hand/);
    expect(slackManifest(manifest, { socketMode: true })).toMatch(/^# .*: Socket Mode \(no request URLs\)\.\n/);
  });

  it('--help says how to use it, on standard output, and succeeds', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/slack-manifest.ts', '--help'], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^npm run manifest:slack -- \[--socket-mode\] \[--url URL\] \[--out FILE\]\n/);
    expect(run.stdout).toContain('--socket-mode   Socket Mode on and no request URLs');
    expect(run.stderr).toBe('');
  });

  it('runs as an npm script and writes the file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'slack-manifest-')), 'manifest.yaml');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/slack-manifest.ts', '--out', out], {
      env: { ...process.env, PUBLIC_BASE_URL: 'https://run.example.com' },
      encoding: 'utf8',
    });
    expect(run.stderr).toMatch(/^wrote .*manifest\.yaml \(requests to https:\/\/run\.example\.com\/slack\/events\)/);
    expect(readFileSync(out, 'utf8')).toContain('request_url: https://run.example.com/slack/events');
  });
});
