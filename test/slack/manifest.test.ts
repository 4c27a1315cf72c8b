import { readFileSync } from 'node:fs';
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
    expect(listUnder('bot').sort()).toEqual(['chat:write', 'commands', 'users:read', 'users:read.email']);
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
