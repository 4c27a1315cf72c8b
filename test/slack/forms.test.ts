import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/v4';
import { formHandler } from '../../commands/index.js';
import { registryWith } from '../support/registry.js';
import type { FormDefinition } from '../../views/form.js';
import { success } from '../../views/reply.js';
import { encodeFormMetadata } from '../../src/slack/metadata.js';
import { DeliveryClaim } from '../../src/domain/entities/delivery-claim.js';
import { Invitation } from '../../src/domain/entities/invitation.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { VoiceCredential } from '../../src/domain/entities/voice-credential.js';
import { VoiceE911Address } from '../../src/domain/entities/voice-e911-address.js';
import { VoiceProfile } from '../../src/domain/entities/voice-profile.js';
import { decodeFormMetadata } from '../../src/slack/metadata.js';
import { fieldBlockId, renderModal } from '../../src/slack/render-form.js';
import { addActor } from '../support/switchboard.js';
import { addVoiceUser } from '../voice/support.js';
import { SlackHarness, type OpenedView, type SlackPerson } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

const em = () => h.sb.orm.em.fork();

async function knownAdmin() {
  const admin = await h.admin();
  await h.command(admin.person, 'help');
  await h.settle();
  return admin;
}

const newUser = {
  userId: 'lee',
  label: 'Lee',
  firstName: 'Lee',
  lastName: 'Park',
  email: 'lee@example.com',
  phone: '+1 703 555 0100',
  role: 'support',
  sendSetupEmail: true,
};

/** The ids of the input blocks of an opened view. */
const inputIds = (opened: OpenedView) =>
  opened.view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id);

/** The private confirmations that reached the response_url of the command that opened the form. */
const confirmations = (opened: OpenedView & { responseId: string }) =>
  h.fake.responsesTo(opened.responseId).map((r) => r.body as any);

async function addUserForm(person: SlackPerson) {
  return h.openForm(person, 'user add');
}

describe('forms open with views.open', () => {
  it('each user form: views.open before the acknowledgement with the trigger_id, the rendered fields, and where to confirm', async () => {
    const { person, acc } = await knownAdmin();
    await addActor(h.sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    for (const [line, formId] of [
      ['user add', 'user-add'],
      ['user edit quinn', 'user-edit'],
      ['user permissions quinn', 'user-permissions'],
      ['invite', 'invite'],
      ['invite --role admin', 'invite'],
      ['user reset-password', 'user-reset-password'],
    ] as const) {
      const exchange = h.exchanges.length;
      const answer = await h.command(person, line);
      expect(answer.status).toBe(200);
      expect(answer.body, `${line}: an empty acknowledgement once the modal is open`).toBeNull();
      expect(answer.ms).toBeLessThan(1_000);
      expect(h.callsBeforeAck(h.exchanges[exchange]!), line).toEqual(['views.open']);
      const call = h.fake.callsOf('views.open').at(-1)!;
      expect(call.args.trigger_id).toBe(answer.triggerId);
      const view = call.args.view as any;
      expect(view).toMatchObject({
        type: 'modal',
        callback_id: 'switchboard_form',
        title: { text: formHandler(formId)!.form.title },
      });
      expect(view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id)).toEqual(
        formHandler(formId)!.form.fields.map((f) => fieldBlockId(f.id)),
      );
      expect(decodeFormMetadata(view.private_metadata)).toMatchObject({
        formId,
        channelId: 'C0OPS',
        responseUrl: expect.stringContaining(`/respond/${answer.responseId}`),
      });
    }
    const edit = h.fake
      .callsOf('views.open')
      .find((c) => (c.args.view as any).private_metadata.includes('"user-edit"'))!;
    const userId = (edit.args.view as any).blocks.find((b: any) => b.block_id === 'field:userId');
    expect(userId.element.initial_value).toBe('quinn');
    const invite = h.fake.callsOf('views.open').at(-2)!.args.view as any;
    expect(invite.blocks.find((b: any) => b.block_id === 'field:role').element.initial_option.value).toBe('admin');
  });

  it('each voice form opens for a voice user, a secret field never prefilled', async () => {
    const { person, acc } = await knownAdmin();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Vic Voice', extension: '4821' });
    for (const [word, formId] of [
      ['edit', 'voice-edit'],
      ['pin', 'voice-pin'],
      ['e911', 'voice-e911'],
      ['password', 'voice-password'],
    ] as const) {
      const opened = await h.openForm(person, `voice ${word} ${voice.extension}`);
      expect(decodeFormMetadata(opened.view.private_metadata)!.formId).toBe(formId);
      expect(inputIds(opened)).toEqual(formHandler(formId)!.form.fields.map((f) => fieldBlockId(f.id)));
    }
    const pin = h.fake.callsOf('views.open').find((c) => (c.args.view as any).private_metadata.includes('"voice-pin"'))!
      .args.view as any;
    expect(pin.blocks.find((b: any) => b.block_id === 'field:pin').element.initial_value).toBeUndefined();
  });

  it('an expired trigger_id: the acknowledgement says so, privately, with a button that opens the form again', async () => {
    const { person } = await knownAdmin();
    const answer = await h.command(person, 'user add', { triggerId: 'expired-trigger' });
    expect(answer.body).toMatchObject({
      response_type: 'ephemeral',
      text: ':warning: The form could not be opened (expired_trigger_id).',
    });
    const button = answer.body.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ value: 'user add', style: 'primary' });
    await h.click(person, button);
    await h.settle();
    expect((h.fake.callsOf('views.open').at(-1)!.args.view as any).title.text).toBe('Add portal user');
  });
});

describe('form submissions', () => {
  it('user add: a good submission closes the modal, adds the user, and confirms privately where the command was typed', async () => {
    const { person, acc } = await knownAdmin();
    const opened = await addUserForm(person);
    const answer = await h.submit(person, opened, { ...newUser, sites: ['3992460'] });
    expect(answer).toMatchObject({ status: 200, body: null });
    expect(answer.ms).toBeLessThan(1_000);
    const lee = await em().findOneOrFail(
      PortalUser,
      { account: acc.account.id, userIdKey: 'lee' },
      { populate: ['sites'] },
    );
    expect(lee).toMatchObject({
      state: 'enabled',
      email: 'lee@example.com',
      phone: '+17035550100',
      services: 'manage',
      accessAllSites: false,
    });
    expect(lee.sites.getItems().map((s) => s.accountNumber)).toEqual(['3992460']);
    expect(await em().count(OutboxMessage, { recipient: 'lee@example.com', accountId: acc.account.id })).toBe(1);
    await h.settle();
    expect(confirmations(opened)).toEqual([
      expect.objectContaining({
        response_type: 'ephemeral',
        replace_original: false,
        text: ':white_check_mark: Added Lee Park (lee). A password setup email is on its way to lee@example.com.',
      }),
    ]);
  });

  it("user add: bad input answers response_action errors keyed to the fields' blocks, and nothing is added; fixed, it goes through", async () => {
    const { person, acc } = await knownAdmin();
    const opened = await addUserForm(person);
    const bad = await h.submit(person, opened, { ...newUser, phone: '7035550100', userId: 'x' });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({
      response_action: 'errors',
      errors: { 'field:userId': expect.any(String), 'field:phone': expect.stringMatching(/country code/) },
    });
    expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: 'lee' })).toBe(0);

    // A refusal of the service about a field (the User ID is taken) comes back the same way.
    const taken = await h.submit(person, opened, { ...newUser, userId: 'admin1' });
    expect(taken.body).toEqual({
      response_action: 'errors',
      errors: { 'field:userId': expect.stringMatching(/taken/) },
    });

    const good = await h.submit(person, opened, newUser);
    expect(good.body).toBeNull();
    expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: 'lee' })).toBe(1);
    await h.settle();
    expect(confirmations(opened)).toHaveLength(1);
  });

  it('user edit and permissions save; a refusal about no field is pushed over the form, which keeps what was typed', async () => {
    const { person, acc } = await knownAdmin();
    const { user: quinn } = await addActor(h.sb, acc, { userId: 'quinn', email: 'quinn@example.com' }, 'regular');
    const edit = await h.openForm(person, 'user edit quinn');
    const permissions = await h.openForm(person, 'user permissions quinn');
    expect((await h.submit(person, edit, { lastName: 'Reyes' })).body).toBeNull();
    expect((await em().findOneOrFail(PortalUser, { id: quinn.id })).lastName).toBe('Reyes');

    // The permissions form was opened before the edit: saving over it is refused, not a field's fault.
    const stale = await h.submit(person, permissions, { tickets: 'view' });
    expect(stale.body).toMatchObject({
      response_action: 'push',
      view: { type: 'modal', title: { text: 'Not saved' }, close: { text: 'Back' } },
    });
    expect(JSON.stringify(stale.body)).toMatch(/changed by someone else/);
    const fresh = await h.openForm(person, 'user permissions quinn');
    expect((await h.submit(person, fresh, { tickets: 'view', administrator: true })).body).toBeNull();
    expect(await em().findOneOrFail(PortalUser, { id: quinn.id })).toMatchObject({
      tickets: 'view',
      administrator: true,
    });
  });

  it('the invite form invites; the reset form sends a link to each user picked', async () => {
    const { person, acc } = await knownAdmin();
    await addActor(h.sb, acc, { userId: 'quinn', email: 'quinn@example.com', firstName: 'Quinn' }, 'regular');
    const invite = await h.openForm(person, 'invite');
    expect((await h.submit(person, invite, { email: 'not-an-email' })).body).toMatchObject({
      response_action: 'errors',
      errors: { 'field:email': expect.any(String) },
    });
    expect(
      (await h.submit(person, invite, { email: 'pat@example.com', firstName: 'Pat', role: 'read-only' })).body,
    ).toBeNull();
    const pat = await em().findOneOrFail(PortalUser, { account: acc.account.id, emailKey: 'pat@example.com' });
    expect(pat).toMatchObject({ state: 'unconfirmed', firstName: 'Pat', invoices: 'view' });
    expect(await em().count(Invitation, { user: pat.id })).toBe(1);

    const reset = await h.openForm(person, 'user reset-password');
    const options = reset.view.blocks
      .find((b: any) => b.block_id === 'field:users')
      .element.options.map((o: any) => o.value);
    expect(options).toEqual(expect.arrayContaining(['quinn', 'admin1']));
    expect((await h.submit(person, reset, { users: [] })).body).toMatchObject({
      response_action: 'errors',
      errors: { 'field:users': expect.any(String) },
    });
    expect((await h.submit(person, reset, { users: ['quinn', 'admin1'] })).body).toBeNull();
    expect(
      await em().count(OutboxMessage, {
        kind: 'password-reset',
        recipient: { $in: ['quinn@example.com', 'admin1@example.com'] },
        accountId: acc.account.id,
      }),
    ).toBe(2);
    await h.settle();
    expect(confirmations(reset)[0].text).toBe(
      ':white_check_mark: Sent a password reset link to quinn (quinn@example.com), admin1 (admin1@example.com).',
    );
  });

  it('a voice form saves what it says (E911 address)', async () => {
    const { person, acc } = await knownAdmin();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Vic Voice' });
    const opened = await h.openForm(person, `voice e911 ${voice.extension}`);
    const bad = await h.submit(person, opened, {
      houseNumber: '13865',
      streetName: 'Sunrise Valley',
      streetSuffix: 'DR',
      city: 'Herndon',
      state: 'XX',
      zip: '20171',
    });
    expect(bad.body).toMatchObject({ response_action: 'errors', errors: { 'field:state': expect.any(String) } });
    const good = await h.submit(person, opened, {
      houseNumber: '13865',
      streetName: 'Sunrise Valley',
      streetSuffix: 'DR',
      city: 'Herndon',
      state: 'VA',
      zip: '20171',
      suite: '200',
    });
    expect(good.body).toBeNull();
    await h.settle();
    expect(confirmations(opened)[0].text).toMatch(/Saved the E911 address of Vic Voice/);
    const stored = await em().findOneOrFail(VoiceE911Address, { profile: voice.id });
    expect(stored).toMatchObject({ houseNumber: '13865', state: 'VA', zip: '20171', suite: '200' });
  });
});

describe('voice form submissions', () => {
  it('voice edit, a typed Voice Manager password and a generated PIN change the voice user; no Web API call before the acknowledgement', async () => {
    const { person, acc } = await knownAdmin();
    const voice = await addVoiceUser(h.sb, acc, { name: 'Vic Voice' });
    const edit = await h.openForm(person, `voice edit ${voice.extension}`);
    const exchange = h.exchanges.length;
    expect((await h.submit(person, edit, { name: 'Victoria Voice', callRecording: true })).body).toBeNull();
    expect(h.callsBeforeAck(h.exchanges[exchange]!)).toEqual([]);
    expect(await em().findOneOrFail(VoiceProfile, { id: voice.id })).toMatchObject({ name: 'Victoria Voice' });

    const password = await h.openForm(person, `voice password ${voice.extension}`);
    expect((await h.submit(person, password, { password: 'short', confirmPassword: 'short' })).body).toMatchObject({
      response_action: 'errors',
      errors: { 'field:password': expect.any(String) },
    });
    expect(
      (await h.submit(person, password, { password: 'Lantern-42-harbor', confirmPassword: 'Lantern-42-harbor' })).body,
    ).toBeNull();

    const pin = await h.openForm(person, `voice pin ${voice.extension}`);
    expect((await h.submit(person, pin, {})).body).toBeNull();
    const credential = await em().findOneOrFail(VoiceCredential, { profile: voice.id });
    expect(credential).toMatchObject({ pinSource: 'generated', pinMustChange: true });
    expect(credential.pinHash).toMatch(/\S{20,}/);
    expect(credential.passwordHash).toMatch(/\S{20,}/);
    await h.settle();
    expect(confirmations(pin)[0]).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/Saved a generated voicemail PIN for Victoria Voice .*in Switchboard only/),
    });
  });
});

describe('submitted twice', () => {
  it('a double-clicked submit creates one user and sends one confirmation', async () => {
    const { person, acc } = await knownAdmin();
    const opened = await addUserForm(person);
    const [a, b] = await Promise.all([h.submit(person, opened, newUser), h.submit(person, opened, newUser)]);
    expect([a.body, b.body]).toEqual([null, null]);
    expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: 'lee' })).toBe(1);
    await h.settle();
    expect(confirmations(opened)).toHaveLength(1);
    expect(await em().count(OutboxMessage, { recipient: 'lee@example.com', accountId: acc.account.id })).toBe(1);
  });

  it('a retried delivery (X-Slack-Retry-Num) is not applied twice', async () => {
    const { person, acc } = await knownAdmin();
    const opened = await h.openForm(person, 'invite');
    const values = { email: 'retry@example.com', role: 'regular' };
    const deliveryClaims = () => em().count(DeliveryClaim, { platform: 'slack', deliveryKey: { $like: 'trigger:%' } });
    const before = await deliveryClaims();
    expect((await h.submit(person, opened, values)).body).toBeNull();
    const retried = await h.submit(person, opened, values, { retryNum: 1 });
    expect(retried).toMatchObject({ status: 200, body: null });
    // Its view's claim decides, and is its only one: no claim of each delivery beside it.
    const claim = await em().findOneOrFail(DeliveryClaim, { platform: 'slack', deliveryKey: `view:${opened.id}` });
    expect(claim.state).toBe('done');
    expect(await deliveryClaims()).toBe(before);
    expect(await em().count(Invitation, { email: 'retry@example.com' })).toBe(1);
    expect(await em().count(PortalUser, { account: acc.account.id, emailKey: 'retry@example.com' })).toBe(1);
    await h.settle();
    expect(confirmations(opened)).toHaveLength(1);
  });

  it('two replicas given the same submission still create one user (the User ID is unique)', async () => {
    const replica = await SlackHarness.start({ sb: h.sb });
    try {
      const { person, acc } = await knownAdmin();
      replica.fake.users.set(person.id, h.fake.users.get(person.id)!);
      const opened = await addUserForm(person);
      const [a, b] = await Promise.all([h.submit(person, opened, newUser), replica.submit(person, opened, newUser)]);
      expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: 'lee' })).toBe(1);
      const bodies = [a.body, b.body];
      expect(bodies).toContainEqual(null);
      // The later one finds the User ID taken: its answer goes to a modal Slack has already closed.
      for (const body of bodies)
        if (body)
          expect(body).toEqual({
            response_action: 'errors',
            errors: { 'field:userId': expect.stringMatching(/taken/) },
          });
    } finally {
      await replica.close(false);
    }
  });
});

describe('where the outcome goes', () => {
  it('a form opened from the Home tab confirms by direct message and refreshes the Home tab', async () => {
    const { person, acc } = await knownAdmin();
    await h.click(person, { action_id: 'run:0', value: 'user add' }, { home: true });
    await h.settle();
    const call = h.fake.callsOf('views.open').at(-1)!;
    const view = call.result!.view as { id: string; hash: string };
    const opened = { id: view.id, hash: view.hash, triggerId: String(call.args.trigger_id), view: call.args.view };
    expect(decodeFormMetadata((call.args.view as any).private_metadata)).toMatchObject({
      formId: 'user-add',
      fromHome: true,
    });
    const publishes = h.fake.callsOf('views.publish').length;
    expect((await h.submit(person, opened, newUser)).body).toBeNull();
    await h.settle();
    expect(await em().count(PortalUser, { account: acc.account.id, userIdKey: 'lee' })).toBe(1);
    const dm = h.fake.callsOf('chat.postMessage').at(-1)!;
    expect(dm.args).toMatchObject({ channel: person.id, text: expect.stringMatching(/Added Lee Park/) });
    expect(h.fake.callsOf('views.publish').length).toBe(publishes + 1);
  });

  it('when the response_url is used up, the confirmation goes ephemeral into the channel', async () => {
    const { person } = await knownAdmin();
    const answer = await h.command(person, 'invite', { expiredResponseUrl: true });
    expect(answer.body).toBeNull();
    const call = h.fake.callsOf('views.open').at(-1)!;
    const view = call.result!.view as { id: string; hash: string };
    await h.submit(
      person,
      { id: view.id, hash: view.hash, triggerId: '', view: call.args.view },
      { email: 'eph@example.com' },
    );
    await h.settle();
    expect(h.fake.callsOf('chat.postEphemeral').at(-1)!.args).toMatchObject({
      channel: 'C0OPS',
      user: person.id,
      text: expect.stringMatching(/Invited eph@example.com/),
    });
  });

  it('a submission of a form that no longer exists, or with metadata not ours, is told so', async () => {
    const { person } = await knownAdmin();
    const opened = await addUserForm(person);
    const gone = await h.submit(
      person,
      { ...opened, view: { ...opened.view, private_metadata: JSON.stringify({ v: 1, f: 'no-such-form', m: {} }) } },
      newUser,
    );
    expect(gone.body).toMatchObject({ response_action: 'update', view: { title: { text: 'Form expired' } } });
    const garbage = await h.submit(
      person,
      { ...opened, view: { ...opened.view, private_metadata: 'garbage' } },
      newUser,
    );
    expect(garbage.body).toMatchObject({ response_action: 'update' });
  });

  it('a slow submission shows "working on it" and reports by private message', async () => {
    const slowForm: FormDefinition = {
      id: 'test-slow',
      title: 'Slow form',
      submitLabel: 'Go',
      fields: [{ id: 'note', label: 'Note', kind: 'text', required: true }],
      schema: z.object({ note: z.string().min(1) }),
    };
    const registry = registryWith({
      forms: [
        {
          form: slowForm,
          submit: async (_ctx, input) => {
            await new Promise((resolve) => setTimeout(resolve, 400));
            return success(`Done: ${(input as { note: string }).note}.`);
          },
        },
      ],
    });
    const slow = await SlackHarness.start({ sb: h.sb, timings: { submitDeadlineMs: 100 }, registry });
    try {
      const { person } = await knownAdmin();
      const responseUrl = slow.fake.responseUrl();
      const view = renderModal(
        { form: slowForm, initial: {}, metadata: {}, choices: {} },
        encodeFormMetadata({ formId: slowForm.id, channelId: 'C0OPS', responseUrl: responseUrl.url, metadata: {} }),
      );
      const opened = { id: 'VSLOW', hash: 'hslow', triggerId: '', view };
      const answer = await slow.submit(person, opened, { note: 'it' });
      expect(answer.ms).toBeLessThan(400);
      expect(answer.body).toMatchObject({
        response_action: 'update',
        view: { title: { text: 'Slow form' }, blocks: [{ text: { text: expect.stringMatching(/Working on it/) } }] },
      });
      // Clicked again while it runs: the same answer, and the work is not started twice.
      expect((await slow.submit(person, opened, { note: 'it' })).body).toMatchObject({ response_action: 'update' });
      await slow.settle();
      expect(slow.fake.responsesTo(responseUrl.id).map((r) => (r.body as any).text)).toEqual([
        ':white_check_mark: Done: it.',
      ]);
    } finally {
      await slow.close(false);
    }
  });
});
