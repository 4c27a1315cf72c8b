import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { VoiceE911Address } from '../../src/domain/entities/voice-e911-address.js';
import type { Reply } from '../../views/reply.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { addVoiceUser, voiceActors } from '../voice/support.js';

let sb: TestSwitchboard;
let acc: TestAccount;
let ctx: CommandContext;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
  // The approval of E911 changes is tested in test/approvals; here the command itself.
  ctx = {
    deps: { ...sb.deps, settings: { ...sb.deps.settings, approvals: loadApprovalPolicy({ APPROVAL_RULES: 'none' }) } },
    actor: acc.actor,
  };
  await addVoiceUser(sb, acc, {
    name: 'Brad Caldwell',
    phoneNumber: '+17039351816',
    extension: '1816',
    email: 'brad@example.com',
  });
  await addVoiceUser(sb, acc, {
    name: 'Wanda Fisher',
    phoneNumber: '+17039351817',
    extension: '1817',
    site: acc.sites[1],
  });
});
afterAll(async () => sb?.close());

async function reply(line: string, as: CommandContext = ctx): Promise<Reply> {
  const result = await runCommandLine(as, line);
  if (result.kind !== 'reply') throw new Error(`${line}: expected a reply, got a form`);
  return result.reply;
}

async function form(line: string) {
  const result = await runCommandLine(ctx, line);
  if (result.kind !== 'form') throw new Error(`${line}: expected a form, got ${JSON.stringify(result)}`);
  return result.open;
}

describe('voice commands', () => {
  it('voice users lists the hosted-voice users, by site or all', async () => {
    const all = await reply('voice users');
    expect(all.blocks).toContainEqual(
      expect.objectContaining({
        type: 'table',
        columns: ['Name', 'Directory Name', 'Extension', 'Phone Number', 'Email', 'Calling Plan', 'Site'],
      }),
    );
    expect(all.summary).toBe('2 voice users');
    expect((await reply('voice users 3992460')).summary).toBe('1 voice users at 3992460');
    expect((await reply('voice users "No Such Site"')).tone).toBe('error');
  });

  it('voice show gives the profile, never a PIN or password', async () => {
    const show = await reply('voice show 1816');
    expect(show.summary).toMatch(/^Brad Caldwell: \+17039351816/);
    expect(JSON.stringify(show)).toContain('Voicemail PIN');
  });

  it('voice pin: an empty PIN generates one, shown once in a private secret block; a typed bad PIN comes back by field', async () => {
    const open = await form('voice pin +1 (703) 935-1816');
    expect(open.form.fields.map((f) => [f.id, f.kind])).toEqual([
      ['pin', 'secret'],
      ['confirmPin', 'secret'],
    ]);
    const bad = await submitForm(ctx, 'voice-pin', { pin: '1234', confirmPin: '1234' }, open.metadata);
    expect(bad).toMatchObject({ ok: false, errors: [{ field: 'pin', message: expect.stringMatching(/consecutive/) }] });
    const mismatch = await submitForm(ctx, 'voice-pin', { pin: '285714', confirmPin: '285715' }, open.metadata);
    expect(mismatch).toMatchObject({ ok: false, errors: [{ field: 'confirmPin' }] });
    const generated = await submitForm(ctx, 'voice-pin', { pin: '', confirmPin: '' }, open.metadata);
    if (!generated.ok) throw new Error(generated.message);
    expect(generated.reply.visibility).toBe('private');
    const secret = generated.reply.blocks.find((b) => b.type === 'secret');
    expect(secret).toMatchObject({ type: 'secret', value: expect.stringMatching(/^\d{6}$/) });
    expect(generated.reply.summary).not.toContain((secret as { value: string }).value);
    const audits = JSON.stringify(await sb.orm.em.fork().find(AuditEvent, { action: 'voice.pin' }));
    expect(audits).not.toContain((secret as { value: string }).value);
  });

  it('voice e911: a bad ZIP comes back on the zip field; a good address is saved normalised', async () => {
    const open = await form('voice e911 brad@example.com');
    const address = {
      houseNumber: '13865',
      streetName: 'Sunrise Valley',
      streetSuffix: 'Drive',
      city: 'Herndon',
      state: 'va',
      zip: '2017',
      suite: '400',
    };
    const bad = await submitForm(ctx, 'voice-e911', address, open.metadata);
    expect(bad).toMatchObject({ ok: false, errors: [expect.objectContaining({ field: 'zip' })] });
    const good = await submitForm(ctx, 'voice-e911', { ...address, zip: '20171' }, open.metadata);
    expect(good).toMatchObject({
      ok: true,
      reply: { tone: 'info', summary: expect.stringMatching(/in Switchboard only/) },
    });
    const stored = await sb.orm.em.fork().findOneOrFail(VoiceE911Address, { profile: { extension: '1816' } });
    expect(stored).toMatchObject({
      streetName: 'SUNRISE VALLEY',
      streetSuffix: 'DR',
      city: 'HERNDON',
      state: 'VA',
      zip: '20171',
      suite: '400',
    });
    const reopened = await form('voice e911 1816');
    expect(reopened.initial).toMatchObject({ houseNumber: '13865', zip: '20171' });
  });

  it('voice password and voice edit', async () => {
    const open = await form('voice password 1816');
    expect(
      await submitForm(ctx, 'voice-password', { password: 'nodigits', confirmPassword: 'nodigits' }, open.metadata),
    ).toMatchObject({ ok: false, errors: [{ field: 'password' }] });
    expect(
      await submitForm(
        ctx,
        'voice-password',
        { password: 'webex2026pass', confirmPassword: 'webex2026pass' },
        open.metadata,
      ),
    ).toMatchObject({ ok: true });
    const edit = await form('voice edit 1816');
    expect(edit.initial).toMatchObject({ name: 'Brad Caldwell', extension: '1816' });
    const saved = await submitForm(
      ctx,
      'voice-edit',
      {
        ...edit.initial,
        callRecording: true,
        emailCopiesEnabled: true,
        emailCopyAddresses: 'a@example.com\nb@example.com',
      },
      edit.metadata,
    );
    expect(saved).toMatchObject({ ok: true });
    const shown = JSON.stringify(await reply('voice show 1816'));
    expect(shown).toContain('a@example.com, b@example.com');
    const stale = await submitForm(ctx, 'voice-edit', { ...edit.initial, fax: true }, edit.metadata);
    expect(stale.ok).toBe(false);
  });

  it('voice reports, and the authorization of the voice services', async () => {
    expect((await reply('voice registrations 1816')).tone).toBe('info');
    expect((await reply('voice groups 1816')).tone).toBe('info');
    const people = await voiceActors(sb, acc);
    const viewer = { deps: sb.deps, actor: people.viewHere };
    expect((await reply('voice show 1816', viewer)).tone).toBe('info');
    const refused = await runCommandLine(viewer, 'voice pin 1816');
    expect(refused).toMatchObject({ kind: 'reply', reply: { tone: 'error' } });
  });
});

describe('voice commands for a Services user limited to one site', () => {
  const USER_COMMANDS = [
    'voice show',
    'voice registrations',
    'voice groups',
    'voice edit',
    'voice pin',
    'voice password',
    'voice e911',
  ];

  /** The reply with the reference typed taken out, so that replies to two references compare. */
  async function replyWithout(as: CommandContext, command: string, ref: string): Promise<string> {
    return JSON.stringify(await reply(`${command} ${JSON.stringify(ref)}`, as)).replaceAll(ref, '<ref>');
  }

  it('each command answers about a voice user at another site exactly as about one that does not exist', async () => {
    const people = await voiceActors(sb, acc);
    const here: CommandContext = { deps: ctx.deps, actor: people.manageHere };
    const pairs = [
      ['1817', '1899'],
      ['Wanda Fisher', 'Wanda Nobody'],
      ['+1 703 935 1817', '+1 703 935 1899'],
    ] as const;
    for (const command of USER_COMMANDS) {
      for (const [elsewhere, nobody] of pairs) {
        const answer = await replyWithout(here, command, elsewhere);
        expect(answer, `${command} ${elsewhere}`).toBe(await replyWithout(here, command, nobody));
        expect(answer).toMatch(/No hosted-voice user/);
        expect(answer).not.toMatch(/Little River|3992460|Wanda Fisher/);
      }
      // The voice user at their own site is there as usual.
      expect((await runCommandLine(here, `${command} 1816`)).kind, command).toMatch(/^(reply|form)$/);
      expect(JSON.stringify(await runCommandLine(here, `${command} 1816`))).not.toMatch(/No hosted-voice user/);
    }
  });

  it('an ambiguous name lists only the voice users at sites the user may see', async () => {
    await addVoiceUser(sb, acc, { name: 'Front Desk', phoneNumber: '+17039351851', extension: '1851' });
    await addVoiceUser(sb, acc, { name: 'Front Desk', phoneNumber: '+17039351852', extension: '1852' });
    await addVoiceUser(sb, acc, {
      name: 'Front Desk',
      phoneNumber: '+17039351853',
      extension: '1853',
      site: acc.sites[1],
    });
    const people = await voiceActors(sb, acc);
    const here: CommandContext = { deps: ctx.deps, actor: people.manageHere };
    for (const command of USER_COMMANDS) {
      const answer = await reply(`${command} "Front Desk"`, here);
      expect(answer.summary, command).toMatch(/^"Front Desk" matches 2 voice users: /);
      expect(answer.summary).toContain('+17039351851');
      expect(answer.summary).toContain('+17039351852');
      expect(JSON.stringify(answer), command).not.toMatch(/1853|Little River/);
    }
    expect((await reply('voice show "Front Desk"')).summary).toMatch(/matches 3 voice users/);
  });
});
