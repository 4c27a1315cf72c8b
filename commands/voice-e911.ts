import { changeE911Operation, openVoiceUserForChange } from '../src/services/voice/index.js';
import { voiceE911Form } from '../views/forms/voice-forms.js';
import { changeVerb, voiceChangeReply } from '../views/replies/voice-replies.js';
import { oneVoiceUser, userRef } from './args.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

const voiceE911FormHandler = defineForm({
  form: voiceE911Form,
  async submit(ctx, input) {
    return answer(await ctx.run(changeE911Operation, input), (result) =>
      voiceChangeReply(
        result.provisioning,
        (where) =>
          `${changeVerb(result.provisioning)} the E911 address of ${result.user.name} ${where}: ${result.e911.lines.join(', ')}.`,
        [
          { type: 'fields', fields: [{ label: 'E911 address', value: result.e911.lines.join('\n') }] },
          ...result.notes.map((note) => ({ type: 'text' as const, text: note })),
        ],
      ),
    );
  },
});

export const voiceE911Command = defineCommand({
  words: ['voice', 'e911'],
  usage: '<user>',
  summary: 'form: E911 dispatchable address',
  permission: 'Administrator, or Services Manage on the site',
  args: oneVoiceUser,
  form: { form: voiceE911Form, target: 'user' },
  async run(ctx, args) {
    const user = await openVoiceUserForChange(
      ctx.deps,
      ctx.actor,
      { user: await userRef(ctx, args.user) },
      'voice.e911',
    );
    const a = user.e911;
    const initial = a
      ? {
          houseNumber: a.houseNumber,
          preDirectional: a.preDirectional ?? '',
          streetName: a.streetName,
          streetSuffix: a.streetSuffix ?? '',
          postDirectional: a.postDirectional ?? '',
          city: a.city,
          state: a.state,
          zip: a.zip,
          floor: a.floor ?? '',
          suite: a.suite ?? '',
          room: a.room ?? '',
        }
      : {};
    return { kind: 'form', open: await openForm(ctx, voiceE911Form, initial, { user: user.id }) };
  },
});

export const commands = [voiceE911Command];
export const forms = [voiceE911FormHandler];
