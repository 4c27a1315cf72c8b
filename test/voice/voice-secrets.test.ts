import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { VoiceCredential } from '../../src/domain/entities/voice-credential.js';
import { verifySecret } from '../../src/domain/secret-hash.js';
import { execute } from '../../src/services/operations.js';
import { changeE911Address, setVoicePassword, setVoicePin, showVoiceUser } from '../../src/services/voice/index.js';
import type { VoiceProvisioner } from '../../src/services/voice/provisioning.js';
import { expectRefusal } from '../support/expect.js';
import { newAccount, startTestSwitchboard, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';
import { addVoiceUser, voiceActors } from './support.js';

let sb: TestSwitchboard;
/** A fresh account per test, so extensions and numbers never collide between tests. */
let acc: TestAccount;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
beforeEach(async () => {
  acc = await newAccount(sb);
});
afterAll(async () => sb?.close());

async function credentialOf(profileId: string) {
  return sb.orm.em.fork().findOneOrFail(VoiceCredential, { profile: profileId });
}

/** An audit record as text without its random ids, which could contain a short PIN's digits by chance. */
const auditText = (audit: unknown) =>
  JSON.stringify(audit).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');

async function audits(targetId: string, action: string) {
  return sb.orm.em.fork().find(AuditEvent, { targetId, action }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

describe('voice pin', () => {
  it('sets a typed initial PIN: only its hash is stored, the user must change it at first use, and the audit says so without the PIN', async () => {
    const voice = await addVoiceUser(sb, acc, { extension: '1814', phoneNumber: '+17039350427' });
    const result = await setVoicePin(sb.deps, acc.actor, { user: '+17039350427', pin: '583920', confirmPin: '583920' });
    expect(result).toMatchObject({
      generated: false,
      mustChangeAtFirstUse: true,
      provisioning: { status: 'not-sent', platform: null },
    });
    expect(result).not.toHaveProperty('pin');
    expect(result.provisioning.detail).toMatch(/No voice provisioner is configured/);
    const credential = await credentialOf(voice.id);
    expect(credential.pinHash).toMatch(/^scrypt\$/);
    expect(await verifySecret('583920', credential.pinHash!)).toBe(true);
    expect(credential).toMatchObject({
      pinMustChange: true,
      pinSource: 'typed',
      previousPinHash: null,
      pinProvisioning: 'not-sent',
    });
    const [audit] = await audits(voice.id, 'voice.pin');
    expect(audit).toMatchObject({ outcome: 'success', targetType: 'voice-user', actorId: acc.admin.id });
    expect(audit!.after).toMatchObject({
      voicemail: { set: true, source: 'typed', mustChangeAtFirstUse: true, provisioning: 'not-sent' },
    });
    expect(auditText(audit)).not.toContain('583920');
    const view = await showVoiceUser(sb.deps, acc.actor, { user: voice.id });
    expect(view.voicemail).toMatchObject({
      set: true,
      mustChangeAtFirstUse: true,
      source: 'typed',
      changedBy: 'admin1',
      provisioning: 'not-sent',
    });
    expect(JSON.stringify(view)).not.toMatch(/scrypt|583920/);
  });

  it.each([
    ['583', 'PIN.TOO_SHORT'],
    ['583920174', 'PIN.TOO_LONG'],
    ['58a920', 'PIN.NOT_DIGITS'],
    ['0000', 'PIN.ALL_SAME'],
    ['1234', 'PIN.SEQUENTIAL'],
    ['8765', 'PIN.SEQUENTIAL'],
    ['1212', 'PIN.REPEATING'],
    ['123123', 'PIN.REPEATING'],
    ['518142', 'PIN.CONTAINS_EXTENSION'],
    ['941810', 'PIN.CONTAINS_EXTENSION'],
    ['304279', 'PIN.CONTAINS_NUMBER'],
    ['972405', 'PIN.CONTAINS_NUMBER'],
  ])('refuses %s with %s on the pin field, audited without the PIN', async (pin, code) => {
    const target = await addVoiceUser(sb, acc, { extension: '1814', phoneNumber: '+17039350427' });
    const refusal = await expectRefusal(setVoicePin(sb.deps, acc.actor, { user: target.id, pin }), code, 'pin');
    expect(refusal.message).not.toContain(pin);
    const [audit] = await audits(target.id, 'voice.pin');
    expect(audit).toMatchObject({ outcome: 'refused', errorCode: code });
    expect(auditText(audit)).not.toContain(pin);
    expect(sb.logs.join('\n')).not.toContain(`"${pin}"`);
  });

  it('refuses the current and the previous PIN, and keeps the one before as the previous hash', async () => {
    const voice = await addVoiceUser(sb, acc, { extension: '2718' });
    await setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '583920' });
    await expectRefusal(
      setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '583920' }),
      'PIN.SAME_AS_PREVIOUS',
      'pin',
    );
    await setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '470135' });
    await expectRefusal(
      setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '583920' }),
      'PIN.SAME_AS_PREVIOUS',
      'pin',
    );
    await expectRefusal(
      setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '470135' }),
      'PIN.SAME_AS_PREVIOUS',
      'pin',
    );
    const credential = await credentialOf(voice.id);
    expect(await verifySecret('470135', credential.pinHash!)).toBe(true);
    expect(await verifySecret('583920', credential.previousPinHash!)).toBe(true);
  });

  it('refuses a confirmation that differs, and a request for both a typed and a generated PIN', async () => {
    const voice = await addVoiceUser(sb, acc);
    await expectRefusal(
      setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '583920', confirmPin: '583921' }),
      'PIN.MISMATCH',
      'confirmPin',
    );
    await expectRefusal(
      setVoicePin(sb.deps, acc.actor, { user: voice.id, pin: '583920', generate: true }),
      'VALIDATION.INVALID',
      'pin',
    );
    await expectRefusal(setVoicePin(sb.deps, acc.actor, { user: voice.id }), 'PIN.MISSING', 'pin');
    expect(await sb.orm.em.fork().count(VoiceCredential, { profile: voice.id })).toBe(0);
  });

  it('generates a 6-digit PIN that keeps the rules, returns it once, and stores only its hash', async () => {
    const voice = await addVoiceUser(sb, acc, { extension: '1814', phoneNumber: '+17039350428' });
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const result = await setVoicePin(sb.deps, acc.actor, { user: voice.id, generate: true });
      expect(result).toMatchObject({ generated: true, mustChangeAtFirstUse: true });
      expect(result.pin).toMatch(/^[0-9]{6}$/);
      expect(result.pin).not.toContain('1814');
      expect(result.pin).not.toContain('0428');
      seen.add(result.pin!);
      const credential = await credentialOf(voice.id);
      expect(await verifySecret(result.pin!, credential.pinHash!)).toBe(true);
      expect(credential.pinSource).toBe('generated');
      const events = await audits(voice.id, 'voice.pin');
      expect(JSON.stringify(events)).not.toContain(result.pin!);
      expect(sb.logs.join('\n')).not.toContain(result.pin!);
    }
    expect(seen.size).toBe(3);
  });

  it('is an operation: voice.pin through execute', async () => {
    const voice = await addVoiceUser(sb, acc);
    await expect(
      execute(sb.deps, acc.actor, { name: 'voice.pin', input: { user: voice.id, generate: true } }),
    ).resolves.toMatchObject({ generated: true });
  });
});

describe('voice password', () => {
  it('sets a typed Voice Manager/WebEx password as a hash only, with no must-change', async () => {
    const voice = await addVoiceUser(sb, acc);
    const result = await setVoicePassword(sb.deps, acc.actor, {
      user: voice.id,
      password: 'Webex2026!',
      confirmPassword: 'Webex2026!',
    });
    expect(result).toMatchObject({ generated: false, provisioning: { status: 'not-sent' } });
    expect(result).not.toHaveProperty('password');
    const credential = await credentialOf(voice.id);
    expect(await verifySecret('Webex2026!', credential.passwordHash!)).toBe(true);
    expect(credential).toMatchObject({ passwordSource: 'typed', passwordProvisioning: 'not-sent' });
    const [audit] = await audits(voice.id, 'voice.password');
    expect(audit!.after).toMatchObject({ voiceManager: { set: true, source: 'typed' } });
    expect(auditText(audit)).not.toContain('Webex2026!');
    expect((await showVoiceUser(sb.deps, acc.actor, { user: voice.id })).voiceManager).toMatchObject({
      set: true,
      source: 'typed',
    });
  });

  it.each([
    ['NoDigitsAtAll', 'VOICE_PASSWORD.NO_DIGIT'],
    ['Short1', 'VOICE_PASSWORD.TOO_SHORT'],
    ['Abcdef1', 'VOICE_PASSWORD.TOO_SHORT'],
    [`Long1${'x'.repeat(60)}`, 'VOICE_PASSWORD.TOO_LONG'],
  ])('refuses %j with %s, without repeating it', async (password, code) => {
    const voice = await addVoiceUser(sb, acc);
    const refusal = await expectRefusal(
      setVoicePassword(sb.deps, acc.actor, { user: voice.id, password }),
      code,
      'password',
    );
    expect(refusal.message).not.toContain(password);
    const [audit] = await audits(voice.id, 'voice.password');
    expect(audit).toMatchObject({ outcome: 'refused', errorCode: code });
    expect(auditText(audit)).not.toContain(password);
  });

  it('refuses a differing confirmation, and generates a password that is returned once', async () => {
    const voice = await addVoiceUser(sb, acc);
    await expectRefusal(
      setVoicePassword(sb.deps, acc.actor, { user: voice.id, password: 'Webex2026!', confirmPassword: 'Webex2026?' }),
      'VOICE_PASSWORD.MISMATCH',
      'confirmPassword',
    );
    const result = await setVoicePassword(sb.deps, acc.actor, { user: voice.id, generate: true });
    expect(result.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(await verifySecret(result.password!, (await credentialOf(voice.id)).passwordHash!)).toBe(true);
    expect(JSON.stringify(await audits(voice.id, 'voice.password'))).not.toContain(result.password!);
  });
});

describe('provisioning', () => {
  it('hands the PIN to a connected platform once and records that it was applied', async () => {
    const calls: { pin: string; mustChangeAtFirstUse: boolean; extension: string | null }[] = [];
    const platform: VoiceProvisioner = {
      platform: 'TestVoice',
      async setVoicemailPin(user, pin, options) {
        calls.push({ pin, extension: user.extension, ...options });
        return { status: 'applied', platform: 'TestVoice', detail: 'Applied on TestVoice.' };
      },
      async setVoiceManagerPassword() {
        return { status: 'applied', platform: 'TestVoice', detail: 'Applied on TestVoice.' };
      },
      async setE911Address() {
        throw new Error('down');
      },
      async updateUser() {
        throw new Error('down');
      },
    };
    const deps = { ...sb.deps, voice: { provisioner: platform } };
    const voice = await addVoiceUser(sb, acc, { extension: '3141' });
    const result = await setVoicePin(deps, acc.actor, { user: voice.id, pin: '583920' });
    expect(result.provisioning).toMatchObject({ status: 'applied', platform: 'TestVoice' });
    expect(calls).toEqual([{ pin: '583920', mustChangeAtFirstUse: true, extension: '3141' }]);
    expect((await credentialOf(voice.id)).pinProvisioning).toBe('applied');
    // A platform that fails refuses the change: nothing is saved.
    const address = {
      houseNumber: '1',
      streetName: 'Main',
      streetSuffix: 'St',
      city: 'Herndon',
      state: 'VA',
      zip: '20171',
    };
    const refusal = await expectRefusal(
      changeE911Address(deps, acc.actor, { user: voice.id, ...address }),
      'VOICE.PROVISIONING_FAILED',
    );
    expect(refusal.message).toMatch(/TestVoice/);
    expect((await showVoiceUser(sb.deps, acc.actor, { user: voice.id })).e911).toBeNull();
  });
});

describe('authorization of voice changes', () => {
  it('lets an Administrator and a Services Manage user of the site set a PIN; refuses Services View and Hide; another site: not found', async () => {
    const people = await voiceActors(sb, acc);
    const here = await addVoiceUser(sb, acc, { site: acc.sites[0] });
    await expect(setVoicePin(sb.deps, people.admin, { user: here.id, generate: true })).resolves.toMatchObject({
      generated: true,
    });
    await expect(setVoicePin(sb.deps, people.manageHere, { user: here.id, generate: true })).resolves.toMatchObject({
      generated: true,
    });
    await expect(setVoicePin(sb.deps, people.manageAll, { user: here.id, generate: true })).resolves.toMatchObject({
      generated: true,
    });
    const otherSite = await expectRefusal(
      setVoicePin(sb.deps, people.manageThere, { user: here.id, generate: true }),
      'VOICE.NOT_FOUND',
    );
    expect(otherSite.message).not.toMatch(/Herndon HQ|3418205/);
    const viewer = await expectRefusal(
      setVoicePin(sb.deps, people.viewHere, { user: here.id, pin: '583920' }),
      'AUTH.FORBIDDEN',
    );
    expect(viewer.message).toMatch(/Services Manage/);
    expect(viewer.message).not.toContain('583920');
    await expectRefusal(setVoicePin(sb.deps, people.hidden, { user: here.id, generate: true }), 'AUTH.FORBIDDEN');
    await expectRefusal(
      setVoicePassword(sb.deps, people.viewHere, { user: here.id, password: 'Webex2026!' }),
      'AUTH.FORBIDDEN',
    );
    await expectRefusal(
      setVoicePassword(sb.deps, people.manageThere, { user: here.id, password: 'Webex2026!' }),
      'VOICE.NOT_FOUND',
    );
    // The Services View user can see the voice user, so the refusal names them; the others never found them.
    const refusals = await sb.orm.em.fork().find(AuditEvent, { targetId: here.id, outcome: 'refused' });
    expect(refusals.map((r) => r.errorCode)).toEqual(Array(2).fill('AUTH.FORBIDDEN'));
    const actions = { $in: ['voice.pin', 'voice.password'] };
    const refused = await sb.orm.em
      .fork()
      .find(AuditEvent, { accountId: acc.account.id, action: actions, outcome: 'refused' });
    const codes = refused.map((r) => r.errorCode).sort();
    expect(codes).toEqual(['AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'VOICE.NOT_FOUND', 'VOICE.NOT_FOUND']);
    expect(JSON.stringify(refused)).not.toMatch(/583920|Webex2026/);
    // The refused Services View user may still look.
    await expect(showVoiceUser(sb.deps, people.viewHere, { user: here.id })).resolves.toMatchObject({ id: here.id });
  });
});
