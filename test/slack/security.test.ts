import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { registryWith } from '../support/registry.js';
import { defineCommand } from '../../commands/types.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { VoiceCredential } from '../../src/domain/entities/voice-credential.js';
import { reply } from '../../views/reply.js';
import { addActor } from '../support/switchboard.js';
import { addVoiceUser } from '../voice/support.js';
import { SlackHarness } from './support/harness.js';
import { FORM, sendSigned, signature, SIGNING_SECRET, slashCommandBody } from './support/slack-requests.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start({ registry });
});
afterAll(async () => h?.close());

const em = () => h.sb.orm.em.fork();

const registry = registryWith({
  commands: [
    defineCommand({
      words: ['test', 'announce'],
      usage: '',
      summary: 'a public reply',
      permission: 'anyone',
      args: z.any(),
      run: async () => ({
        kind: 'reply',
        reply: reply('info', 'For everyone', [{ type: 'text', text: 'For everyone' }], 'public'),
      }),
    }),
    defineCommand({
      words: ['test', 'leak'],
      usage: '',
      summary: 'a "public" reply holding a secret',
      permission: 'anyone',
      args: z.any(),
      run: async () => ({
        kind: 'reply',
        reply: reply(
          'success',
          'Made a code',
          [{ type: 'secret', label: 'Code', value: 'S3CRET-741852', note: 'Only you.' }],
          'public',
        ),
      }),
    }),
  ],
});

describe('request signatures', () => {
  const body = () =>
    slashCommandBody({
      team_id: 'T1',
      user_id: 'UNOBODY',
      channel_id: 'C1',
      text: 'users',
      response_url: h.fake.responseUrl().url,
      trigger_id: 't.1',
    });

  it('a bad signature, another secret, a stale or far-future timestamp, or no signature at all: 401 and nothing done', async () => {
    const now = Math.floor(Date.now() / 1000);
    const callsBefore = h.fake.calls.length;
    const raw = body();
    expect((await sendSigned(h.url, raw, FORM, { signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await sendSigned(h.url, raw, FORM, { secret: 'another-apps-secret' })).status).toBe(401);
    expect((await sendSigned(h.url, raw, FORM, { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await sendSigned(h.url, raw, FORM, { timestamp: now + 6 * 60 })).status).toBe(401);
    // Signed over one body, sent with another.
    expect(
      (
        await sendSigned(h.url, raw.replace('users', 'user+delete+admin1'), FORM, {
          signature: signature(SIGNING_SECRET, now, raw),
          timestamp: now,
        })
      ).status,
    ).toBe(401);
    const unsigned = await fetch(h.url, { method: 'POST', headers: { 'content-type': FORM }, body: raw });
    expect(unsigned.status).toBe(401);
    await h.settle();
    expect(h.fake.calls.length).toBe(callsBefore);
    expect(h.fake.responses.filter((r) => r.body)).toHaveLength(0);
  });

  it('an ssl_check is answered 200 and runs nothing, even with a command smuggled in; a body past 4 MB is 413', async () => {
    const callsBefore = h.fake.calls.length;
    const auditBefore = await em().count(AuditEvent, {});
    const smuggled = `ssl_check=1&token=x&${body()}`.replace('text=users', 'text=user+delete+admin1');
    const unsigned = await fetch(h.url, { method: 'POST', headers: { 'content-type': FORM }, body: smuggled });
    expect({ status: unsigned.status, body: await unsigned.text() }).toEqual({ status: 200, body: '' });
    expect(await sendSigned(h.url, 'ssl_check=1&token=x', FORM)).toMatchObject({ status: 200, body: null });
    const huge = `${body()}&pad=${'x'.repeat(4 * 1024 * 1024)}`;
    expect((await sendSigned(h.url, huge, FORM)).status).toBe(413);
    await h.settle();
    expect(h.fake.calls.length).toBe(callsBefore);
    expect(h.fake.responses.filter((r) => r.body)).toHaveLength(0);
    expect(await em().count(AuditEvent, {})).toBe(auditBefore);
  });

  it("a timestamp a few minutes off is still accepted, and Slack's URL check is answered", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await sendSigned(h.url, body(), FORM, { timestamp: now - 4 * 60 })).status).toBe(200);
    const challenge = await sendSigned(
      h.url,
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
      'application/json',
    );
    expect(challenge).toMatchObject({ status: 200, body: { challenge: 'abc123' } });
    expect((await fetch(h.url, { method: 'GET' })).status).toBe(405);
  });
});

describe('who may act', () => {
  it('a stranger is told privately that they are not a portal user, and nothing happens; the refusal is cached', async () => {
    const { acc } = await h.admin();
    const stranger = h.person('stranger@elsewhere.example');
    const auditBefore = await em().count(AuditEvent, {});
    const first = await h.command(stranger, 'user disable admin1');
    expect(first.body).toBeNull();
    await h.settle();
    expect(h.fake.responsesTo(first.responseId).map((r) => r.body)).toEqual([
      expect.objectContaining({
        response_type: 'ephemeral',
        text: expect.stringMatching(/^:warning: You are not an enabled portal user/),
      }),
    ]);
    const callsBefore = h.fake.calls.length;
    const second = await h.command(stranger, 'user add');
    expect(second.body).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/not an enabled portal user/),
    });
    await h.settle();
    expect(h.fake.calls.length, 'no users.info, no views.open').toBe(callsBefore);
    expect((await em().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'admin1' })).state).toBe(
      'enabled',
    );
    expect(await em().count(AuditEvent, {})).toBe(auditBefore);
  });

  it('bots, deleted Slack users, unconfirmed emails, disabled portal users and people without an email are strangers', async () => {
    const { acc } = await h.admin();
    await addActor(h.sb, acc, { userId: 'dora', email: 'dora-disabled@example.com', state: 'disabled' });
    await addActor(h.sb, acc, { userId: 'ursula', email: 'ursula@example.com' });
    const people = [
      h.person('ursula@example.com', { is_bot: true }),
      h.person('ursula@example.com', { deleted: true }),
      h.person('ursula@example.com', { is_email_confirmed: false }),
      h.person('dora-disabled@example.com'),
    ];
    const noEmail = { id: 'UNOEMAIL1', team: 'T1', email: '' };
    h.fake.users.set(noEmail.id, {});
    for (const person of [...people, noEmail]) {
      const answer = await h.command(person, 'users');
      await h.settle();
      expect(JSON.stringify(h.fake.responsesTo(answer.responseId)), person.id).toMatch(/not an enabled portal user/);
    }
    // The same email, confirmed, on a real person: accepted.
    const ursula = h.person('ursula@example.com');
    const ok = await h.command(ursula, 'users');
    await h.settle();
    expect(h.fake.responsesTo(ok.responseId)[0]!.body).toMatchObject({ text: '4 users' });
  });

  it("a stranger's button click and a forged form submission change nothing", async () => {
    const { person, acc } = await h.admin();
    await h.command(person, 'help');
    await h.settle();
    const opened = await h.openForm(person, 'user add');
    const stranger = h.person('stranger2@elsewhere.example');
    const click = await h.click(stranger, { action_id: 'run:0', value: 'user delete admin1' });
    expect(click).toMatchObject({ status: 200, body: null });
    await h.settle();
    expect(JSON.stringify(h.fake.responsesTo(click.responseId!))).toMatch(/not an enabled portal user/);
    const forged = await h.submit(stranger, opened, {
      userId: 'mallory',
      label: 'M',
      firstName: 'M',
      lastName: 'M',
      email: 'm@example.com',
      phone: '+17035550100',
      role: 'admin',
    });
    expect(forged.body).toMatchObject({ response_action: 'update', view: { title: { text: 'Not a portal user' } } });
    expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: { $in: ['mallory'] } })).toBe(0);
    expect((await em().findOneOrFail(PortalUser, { account: acc.account.id, userIdKey: 'admin1' })).state).toBe(
      'enabled',
    );
  });
});

describe('the identity cache', () => {
  it('one users.info for concurrent first commands; again after the TTL; the cache is bounded', async () => {
    let clock = 1_000_000;
    const cached = await SlackHarness.start({ sb: h.sb, identity: { ttlMs: 60_000, maxEntries: 2, now: () => clock } });
    try {
      const admins = [await h.admin(), await h.admin(), await h.admin()];
      for (const a of admins) cached.fake.users.set(a.person.id, h.fake.users.get(a.person.id)!);
      const infos = () => cached.fake.callsOf('users.info').length;
      await Promise.all([
        cached.command(admins[0]!.person, 'help'),
        cached.command(admins[0]!.person, 'help'),
        cached.command(admins[0]!.person, 'help'),
      ]);
      await cached.settle();
      expect(infos()).toBe(1);
      expect((await cached.command(admins[0]!.person, 'help')).body).not.toBeNull();
      expect(infos()).toBe(1);
      clock += 61_000;
      expect(
        (await cached.command(admins[0]!.person, 'help')).body,
        'expired: looked up again after the acknowledgement',
      ).toBeNull();
      await cached.settle();
      expect(infos()).toBe(2);
      for (const a of admins.slice(1)) {
        await cached.command(a.person, 'help');
        await cached.settle();
      }
      expect(infos()).toBe(4);
      expect((await cached.command(admins[0]!.person, 'help')).body, 'evicted by the two newer entries').toBeNull();
      await cached.settle();
      expect(infos()).toBe(5);
    } finally {
      await cached.close(false);
    }
  });
});

describe('secrets', () => {
  it('a generated voicemail PIN is shown once, only to the admin, by an ephemeral response; never logged, audited or stored in clear', async () => {
    const { person, acc } = await h.admin();
    await h.command(person, 'help');
    await h.settle();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Vic Voice' });
    const opened = await h.openForm(person, `voice pin ${voice.extension}`);
    const callsBefore = h.fake.calls.length;
    const answer = await h.submit(person, opened, { pin: '', confirmPin: '' });
    expect(answer.body).toBeNull();
    await h.settle();
    const posts = h.fake.responsesTo(opened.responseId);
    expect(posts).toHaveLength(1);
    const message = posts[0]!.body as any;
    expect(message.response_type).toBe('ephemeral');
    const pin = /`(\d{6})`/.exec(JSON.stringify(message.blocks))?.[1];
    expect(pin, 'the PIN is in the private message').toMatch(/^\d{6}$/);
    expect(message.text).not.toContain(pin);
    expect(JSON.stringify(h.fake.calls.slice(callsBefore)), 'no Web API call carries it').not.toContain(pin!);
    expect(h.sb.logs.join('\n')).not.toContain(pin!);
    const audit = await em().find(AuditEvent, { accountId: acc.account.id });
    expect(JSON.stringify(audit)).not.toContain(pin!);
    expect(JSON.stringify(await em().find(VoiceCredential, {}))).not.toContain(pin!);
  });

  it('a typed PIN goes nowhere but the database, hashed', async () => {
    const { person, acc } = await h.admin();
    await h.command(person, 'help');
    await h.settle();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Val Voice', extension: '4455', phoneNumber: '+17039350999' });
    const opened = await h.openForm(person, `voice pin ${voice.extension}`);
    const mismatch = await h.submit(person, opened, { pin: '730186', confirmPin: '730187' });
    expect(mismatch.body).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(mismatch.body)).not.toContain('730186');
    expect((await h.submit(person, opened, { pin: '730186', confirmPin: '730186' })).body).toBeNull();
    await h.settle();
    expect(JSON.stringify(h.fake.responses) + JSON.stringify(h.fake.calls) + h.sb.logs.join('')).not.toContain(
      '730186',
    );
  });

  it('a reply holding a secret is never posted in_channel, even when it asks to be public; a public reply without one is', async () => {
    const { person } = await h.admin();
    await h.command(person, 'help');
    await h.settle();
    const leak = await h.command(person, 'test leak');
    expect(leak.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(leak.body)).toContain('S3CRET-741852');
    expect(h.sb.logs.join('')).not.toContain('S3CRET-741852');
    expect((await h.command(person, 'test announce')).body.response_type).toBe('in_channel');
  });

  it('when the response_url is used up, a secret goes by chat.postEphemeral or direct message, never into the channel', async () => {
    const { person, acc } = await h.admin();
    await h.command(person, 'help');
    await h.settle();
    // Slow path (a mention not cached): the reply is delivered after the acknowledgement.
    h.fake.answer('chat.postEphemeral', { ok: false, error: 'channel_not_found' });
    await addActor(h.sb, acc, { userId: 'olive', email: 'olive-in-particular@example.com' }, 'regular');
    const other = h.person('olive-in-particular@example.com');
    const answer = await h.command(person, `test leak <@${other.id}>`, { expiredResponseUrl: true });
    expect(answer.body).toBeNull();
    await h.settle();
    const posted = h.fake.calls.filter((c) => JSON.stringify(c.args).includes('S3CRET-741852'));
    expect(posted.map((c) => [c.method, c.args.channel])).toEqual([
      ['chat.postEphemeral', 'C0OPS'],
      ['chat.postMessage', person.id],
    ]);
    // The WebClient logs request bodies at debug level (the test logger is at debug): none reach the log.
    expect(h.sb.logs.join('')).not.toContain('S3CRET-741852');
    h.fake.reset();
  });
});
