import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleUser } from '../../src/app/console-user.js';
import { loadDemoData } from '../../src/app/demo-data.js';
import { ConsoleSession } from '../../src/console/session.js';
import type { ConsoleUser } from '../../src/console/start.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { CTRL_C, ScriptedIO, type Answer } from './support/scripted-io.js';

let sb: TestSwitchboard;
let admin: ConsoleUser;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  await loadDemoData(sb.orm, sb.clock.now());
  admin = (await consoleUser(sb)) as ConsoleUser;
});
afterAll(async () => sb?.close());

/** A console session of the demo's first Administrator that types `lines` and exits; returns what it showed. */
async function typed(lines: Answer[]): Promise<string> {
  const io = new ScriptedIO([...lines, 'exit'], 120);
  const session = new ConsoleSession({
    ctx: { deps: sb.deps, actor: { userId: admin.id, platform: 'console' } },
    io,
    identity: admin,
    logger: sb.deps.logger,
    logFile: 'data/switchboard.log',
  });
  await session.run();
  return io.transcript;
}

describe('console form answers', () => {
  it('user add: a refused answer is not the default, so Enter cannot resubmit it; Ctrl-C leaves', async () => {
    const shown = await typed([
      'user add',
      ...['pdup', 'P Dup', 'P', 'Dup', 'billy.fisher@example.com'],
      ...['555', '', '+1 703 555 0100'],
      // Role, the seven areas' levels, Sites, Send password setup email: each kept.
      ...Array<string>(10).fill(''),
      '',
      CTRL_C,
    ]);
    expect(shown).toMatch(/\nPhone: 555\n✗ Phone: .*country code.*\n(.*\n)?Phone: \n  ✗ Phone is required\.\n/);
    expect(shown).toMatch(/Add user…\n✗ .*\n✗ Email: .*\nEmail: \n  ✗ Email is required\.\nEmail: \^C\n/);
    expect(shown).not.toContain('Email [billy.fisher@example.com]');
    expect(shown.match(/Add user…/g)).toHaveLength(1);
    expect(await sb.orm.em.fork().count(PortalUser, { userIdKey: 'pdup' })).toBe(0);
  });

  it('voice e911: the directional, state and ZIP are checked at their own prompts', async () => {
    const shown = await typed([
      'voice e911 1816',
      ...['123', 'Main', '', 'Main', 'St', 'Main'],
      '',
      ...['Little River', 'XX', 'SC', 'VA', '29566'],
      CTRL_C,
    ]);
    const refusedAt = (label: string, typed: string, error: RegExp) =>
      expect(shown).toMatch(new RegExp(`\\n${label}( \\(optional\\))?: ${typed}\\n✗ ${label}: ${error.source}`));
    refusedAt('Directional \\(before street\\)', 'Main', /Directional MAIN before the street name is not a direction/);
    refusedAt('Directional \\(after street\\)', 'Main', /Directional MAIN after the street name is not a direction/);
    refusedAt('State', 'XX', /State XX is not a US state or territory; use its two-letter code/);
    refusedAt('ZIP code', 'VA', /ZIP VA is not a ZIP code; use 5 digits or ZIP\+4/);
    // Each asked again at once, before the next field; the form was never submitted.
    expect(shown).toMatch(/\nZIP code: 29566\nFloor \(optional\): \^C\n/);
    expect(shown).not.toContain('Save address…');
  });
});
