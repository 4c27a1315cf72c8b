import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formHandler } from '../../commands/index.js';
import { OutboxMessage } from '../../src/domain/entities/outbox-message.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { VoiceCredential } from '../../src/domain/entities/voice-credential.js';
import { adaptiveCardProblems } from './card-problems.js';
import { VERBS } from '../../src/teams/cards/verbs.js';
import { dialogCommands } from '../../src/teams/command-catalog.js';
import { addActor } from '../support/switchboard.js';
import { addVoiceUser } from '../voice/support.js';
import {
  actionsOf,
  cardText,
  elements,
  inputsOf,
  invokeActivity,
  lastPostedCard,
  messageActivity,
  startTeamsTest,
  submitAction,
  type Member,
  type TeamsTest,
  type Where,
} from './support.js';

let t: TeamsTest;
let voiceNumber: string;
let voiceId: string;
beforeAll(async () => {
  t = await startTeamsTest();
  const voice = await addVoiceUser(t.sb, t.acc, { name: 'Dora Dial' });
  voiceNumber = voice.phoneNumber!;
  voiceId = voice.id;
});
afterAll(async () => t?.close());

const em = () => t.sb.orm.em.fork();
const compose = (from: Member = t.admin): Where => ({
  connector: t.connector,
  from,
  conversationType: 'groupChat',
  conversationId: '19:compose-chat@thread.v2',
});

/** The card of a dialog answer (`task.type` continue). */
function dialogCard(response: { status: number; body: any }) {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body?.task?.type, JSON.stringify(response.body)).toBe('continue');
  return response.body.task.value.card.content;
}

const fetchTask = (commandId: string, from?: Member) =>
  t.bot.post(
    invokeActivity(compose(from), 'composeExtension/fetchTask', {
      commandId,
      commandContext: 'compose',
      context: { theme: 'default' },
    }),
  );

/** Presses the dialog's submit button with these inputs (Teams merges them into the button's data). */
const submitDialog = (card: unknown, inputs: Record<string, unknown>, commandId = 'x', from?: Member) =>
  t.bot.post(
    invokeActivity(compose(from), 'composeExtension/submitAction', {
      commandId,
      commandContext: 'compose',
      data: { ...submitAction(card).data, ...inputs },
    }),
  );

describe('message-extension dialogs', () => {
  it('every dialog action opens its form with every field (asking which user first where the form is about one)', async () => {
    expect(dialogCommands().map((c) => c.id)).toEqual(
      expect.arrayContaining(['user-add', 'user-edit', 'invite', 'voice-pin']),
    );
    for (const command of dialogCommands()) {
      let card = dialogCard(await fetchTask(command.id));
      expect(adaptiveCardProblems(card), command.id).toEqual([]);
      if (command.needsUser) {
        expect(inputsOf(card).map((i) => i.id)).toEqual(['user']);
        expect(submitAction(card).data.verb).toBe(VERBS.dialogPick);
        card = dialogCard(
          await submitDialog(card, { user: command.words[0] === 'voice' ? voiceNumber : 'admin1' }, command.id),
        );
      }
      const formId = submitAction(card).data.sb.formId as string;
      expect(submitAction(card)).toMatchObject({ type: 'Action.Submit', data: { verb: VERBS.dialogSubmit } });
      expect(
        inputsOf(card).map((i) => i.id),
        command.id,
      ).toEqual(formHandler(formId)!.form.fields.map((f) => f.id));
      expect(adaptiveCardProblems(card), command.id).toEqual([]);
    }
  });

  it('a user who does not exist is reported by the field, the value kept', async () => {
    const pick = dialogCard(await fetchTask('user-edit'));
    const again = dialogCard(await submitDialog(pick, { user: 'nobody' }, 'user-edit'));
    const all = elements(again);
    expect(all.find((e) => e.id === 'user')!.value).toBe('nobody');
    expect(JSON.stringify(all.find((e) => e.id === 'user-error'))).toMatch(/nobody/);
  });

  it('user add: invalid shows the dialog again with errors and values; valid closes it and posts the confirmation; again changes nothing', async () => {
    const form = dialogCard(await fetchTask('user-add'));
    const values = {
      userId: 'dana',
      label: 'Dana',
      firstName: 'Dana',
      lastName: 'Diaz',
      email: 'dana@',
      phone: '+1 703 555 0101',
      role: 'regular',
      sites: '',
      sendSetupEmail: 'false',
    };
    const invalid = dialogCard(await submitDialog(form, values, 'user-add'));
    const all = elements(invalid);
    expect(all[all.findIndex((e) => e.id === 'email') + 1]).toMatchObject({ id: 'email-error' });
    expect(all.find((e) => e.id === 'lastName')!.value).toBe('Diaz');
    expect(await em().count(PortalUser, { userIdKey: 'dana' })).toBe(0);

    const posted = t.connector.posted().length;
    const valid = await submitDialog(invalid, { ...values, email: 'dana@example.com' }, 'user-add');
    expect(valid.status).toBe(200);
    expect(valid.body).toBeUndefined(); // closes the dialog
    expect(t.connector.posted().length).toBe(posted + 1);
    expect(cardText(lastPostedCard(t.connector))).toContain('Added Dana Diaz (dana).');
    expect(await em().count(PortalUser, { userIdKey: 'dana', state: 'enabled' })).toBe(1);

    const again = await submitDialog(invalid, { ...values, email: 'dana@example.com', userId: 'dana2' }, 'user-add');
    expect(again.body).toEqual({
      task: { type: 'message', value: 'This form was submitted already; nothing changed.' },
    });
    expect(await em().count(PortalUser, { userIdKey: 'dana2' })).toBe(0);
  });

  it('voice pin: the generated PIN is shown in the dialog only; the conversation gets the confirmation without it', async () => {
    const pick = dialogCard(await fetchTask('voice-pin'));
    const form = dialogCard(await submitDialog(pick, { user: voiceNumber }, 'voice-pin'));
    const result = await submitDialog(form, { pin: '', confirmPin: '' }, 'voice-pin');
    const shown = dialogCard(result);
    const pin = /"(\d{6})"/.exec(cardText(shown))?.[1];
    expect(pin, cardText(shown)).toBeDefined();
    expect(actionsOf(shown)).toEqual([]);
    expect(JSON.stringify(t.connector.calls)).not.toContain(pin);
    expect(cardText(lastPostedCard(t.connector))).toContain('Saved a generated voicemail PIN');
    expect((await em().findOneOrFail(VoiceCredential, { profile: voiceId })).pinSource).toBe('generated');
  });

  it('a stranger gets a refusal in the dialog, and no form', async () => {
    const stranger = t.connector.addMember({
      id: '29:eve',
      aadObjectId: 'aad-eve',
      name: 'Eve',
      email: 'eve@elsewhere.example',
    });
    const card = dialogCard(await fetchTask('user-add', stranger));
    expect(inputsOf(card)).toEqual([]);
    expect(cardText(card)).toContain('You are not an enabled portal user');
  });
});

describe('dialogs opened from a card (task/fetch, task/submit)', () => {
  it('the group-chat placeholder opens the form as a dialog; its submission replaces the placeholder', async () => {
    await addActor(t.sb, t.acc, { userId: 'fay', email: 'fay@example.com' }, 'regular');
    const where = compose();
    expect((await t.bot.post(messageActivity(where, 'user reset-password'))).status).toBe(200);
    const placeholder = lastPostedCard(t.connector);
    const messageId = `posted-${t.connector.calls.filter((c) => c.method === 'POST').length}`;
    const open = actionsOf(placeholder)[0]!;
    expect(open.data.msteams).toEqual({ type: 'task/fetch' });

    const form = dialogCard(
      await t.bot.post(invokeActivity({ ...where, replyToId: messageId }, 'task/fetch', { data: open.data })),
    );
    expect(inputsOf(form).map((i) => i.id)).toEqual(['users']);
    const before = t.connector.posted().length;
    const done = await t.bot.post(
      invokeActivity({ ...where, replyToId: messageId }, 'task/submit', {
        data: { ...submitAction(form).data, users: 'fay' },
      }),
    );
    expect(done.status).toBe(200);
    expect(done.body).toBeUndefined();
    expect(t.connector.posted().length).toBe(before);
    const update = t.connector.updated().find((c) => c.path.endsWith(`/activities/${messageId}`))!;
    expect(cardText(update.body)).toContain('Sent a password reset link to fay (fay@example.com).');
    expect(await em().count(OutboxMessage, { kind: 'password-reset', recipient: 'fay@example.com' })).toBe(1);

    const reopened = await t.bot.post(
      invokeActivity({ ...where, replyToId: messageId }, 'task/fetch', { data: open.data }),
    );
    expect(reopened.body).toEqual({ task: { type: 'message', value: 'This form was submitted already.' } });
  });
});
