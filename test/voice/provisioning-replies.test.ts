import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommandLine, submitForm, type CommandContext } from '../../commands/index.js';
import type { FormValues } from '../../views/form.js';
import { loadApprovalPolicy } from '../../src/config.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import type { ProvisioningReceipt, VoiceProvisioner } from '../../src/services/voice/provisioning.js';
import type { Reply } from '../../views/reply.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { addVoiceUser } from './support.js';

let sb: TestSwitchboard;
let acc: TestAccount;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
});
afterAll(async () => sb?.close());

/** A provisioner that answers every change with the same status, as a platform with a queue would. */
function platformThat(status: 'applied' | 'queued'): VoiceProvisioner {
  const receipt: ProvisioningReceipt = { status, platform: 'TestVoice', detail: `TestVoice says: ${status}.` };
  return {
    platform: 'TestVoice',
    setVoicemailPin: async () => receipt,
    setVoiceManagerPassword: async () => receipt,
    setE911Address: async () => receipt,
    updateUser: async () => receipt,
  };
}

function contextWith(provisioner?: VoiceProvisioner): CommandContext {
  const approvals = loadApprovalPolicy({ APPROVAL_RULES: 'none' });
  const deps = {
    ...sb.deps,
    settings: { ...sb.deps.settings, approvals },
    ...(provisioner ? { voice: { provisioner } } : {}),
  };
  return { deps, actor: acc.actor };
}

async function submit(ctx: CommandContext, line: string, formId: string, values: FormValues): Promise<Reply> {
  const opened = await runCommandLine(ctx, line);
  if (opened.kind !== 'form') throw new Error(`${line}: expected a form`);
  const submitted = await submitForm(ctx, formId, { ...opened.open.initial, ...values }, opened.open.metadata);
  if (!submitted.ok) throw new Error(`${formId}: ${JSON.stringify(submitted)}`);
  return submitted.reply;
}

const address = {
  houseNumber: '13865',
  streetName: 'Sunrise Valley',
  streetSuffix: 'Drive',
  city: 'Herndon',
  state: 'VA',
  zip: '20171',
};

async function changeAll(ctx: CommandContext, extension: string): Promise<Reply[]> {
  return [
    await submit(ctx, `voice pin ${extension}`, 'voice-pin', { pin: '583920', confirmPin: '583920' }),
    await submit(ctx, `voice password ${extension}`, 'voice-password', {
      password: 'webex2026pass',
      confirmPassword: 'webex2026pass',
    }),
    await submit(ctx, `voice e911 ${extension}`, 'voice-e911', address),
    await submit(ctx, `voice edit ${extension}`, 'voice-edit', { fax: true }),
  ];
}

async function voiceShow(ctx: CommandContext, extension: string): Promise<string> {
  const shown = await runCommandLine(ctx, `voice show ${extension}`);
  return JSON.stringify(shown);
}

describe('voice changes say where they went', () => {
  it('with no provisioner: no ✓, "in Switchboard only" with the reason, in every reply, voice show and the audit', async () => {
    const voice = await addVoiceUser(sb, acc, { extension: '4101', phoneNumber: '+17039354101' });
    const ctx = contextWith();
    const replies = await changeAll(ctx, '4101');
    for (const reply of replies) {
      expect(reply.tone, reply.summary).toBe('info');
      expect(reply.summary).toMatch(/^Saved .* in Switchboard only/);
      expect(JSON.stringify(reply.blocks)).toContain('No voice provisioner is configured');
      expect(reply.summary).not.toMatch(/^Set /);
    }
    const pinSaved = `Saved a new voicemail PIN for ${voice.name} (+17039354101) in Switchboard only; they must change it at first use.`;
    expect(replies[0]!.summary).toBe(pinSaved);
    const shown = await voiceShow(ctx, '4101');
    expect(shown.match(/in Switchboard only \(no voice provisioner configured\)/g)).toHaveLength(3);
    const audits = await sb.orm.em.fork().find(AuditEvent, { targetId: voice.id });
    expect(audits.map((a) => JSON.stringify(a.after))).toEqual(
      audits.map(() => expect.stringContaining('"provisioning":"not-sent"')),
    );
    expect(audits).toHaveLength(4);
  });

  it.each([
    ['applied', 'success', /^Set a new voicemail PIN for .* on TestVoice;/, 'on the voice platform'],
    ['queued', 'info', /^Queued a new voicemail PIN for .* for TestVoice \(queued\);/, 'queued for the voice platform'],
  ] as const)(
    'with a provisioner that says %s: the replies, voice show and the audit say so',
    async (status, tone, pinHeadline, label) => {
      const voice = await addVoiceUser(sb, acc);
      const ctx = contextWith(platformThat(status));
      const replies = await changeAll(ctx, voice.extension!);
      expect(replies.map((r) => r.tone)).toEqual([tone, tone, tone, tone]);
      expect(replies[0]!.summary).toMatch(pinHeadline);
      for (const reply of replies) expect(JSON.stringify(reply.blocks)).toContain(`TestVoice says: ${status}.`);
      expect((await voiceShow(ctx, voice.extension!)).split(label)).toHaveLength(4);
      const audits = await sb.orm.em.fork().find(AuditEvent, { targetId: voice.id });
      expect(audits).toHaveLength(4);
      for (const audit of audits) expect(JSON.stringify(audit.after)).toContain(`"provisioning":"${status}"`);
    },
  );
});
