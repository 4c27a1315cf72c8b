import {
  openVoiceUserForChange,
  setVoicePasswordOperation,
  setVoicePinOperation,
} from '../src/services/voice/index.js';
import { voicePasswordForm, voicePinForm } from '../views/forms/voice-forms.js';
import { changeVerb, voiceChangeReply } from '../views/replies/voice-replies.js';
import { oneVoiceUser, userRef } from './args.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

const voicePinFormHandler = defineForm({
  form: voicePinForm,
  // Through the gate like every change; a typed secret is never held (it would be stored), so this runs at once.
  submit: async (ctx, input) =>
    answer(await ctx.run(setVoicePinOperation, input), (result) => {
      const who = `${result.user.name} (${result.user.phoneNumber ?? result.user.extension ?? result.user.site.name})`;
      const verb = changeVerb(result.provisioning);
      const kind = result.pin ? 'generated' : 'new';
      const headline = (where: string) =>
        `${verb} a ${kind} voicemail PIN for ${who} ${where}; they must change it at first use.`;
      if (!result.pin) return voiceChangeReply(result.provisioning, headline);
      return voiceChangeReply(result.provisioning, headline, [
        {
          type: 'secret',
          label: 'Generated PIN',
          value: result.pin,
          note: 'Shown once, only to you. Give it to the user by a private channel; it is not stored anywhere in clear.',
        },
      ]);
    }),
});

const voicePasswordFormHandler = defineForm({
  form: voicePasswordForm,
  submit: async (ctx, input) =>
    answer(await ctx.run(setVoicePasswordOperation, input), (result) => {
      const who = `${result.user.name} (${result.user.phoneNumber ?? result.user.extension ?? result.user.site.name})`;
      const kind = result.password ? 'generated' : 'new';
      const headline = (where: string) =>
        `${changeVerb(result.provisioning)} a ${kind} Voice Manager/WebEx password for ${who} ${where}.`;
      if (!result.password) return voiceChangeReply(result.provisioning, headline);
      return voiceChangeReply(result.provisioning, headline, [
        {
          type: 'secret',
          label: 'Generated password',
          value: result.password,
          note: 'Shown once, only to you. It is not stored anywhere in clear.',
        },
      ]);
    }),
});

export const voicePinCommand = defineCommand({
  words: ['voice', 'pin'],
  usage: '<user>',
  summary: 'form: a new initial voicemail PIN, typed or generated',
  permission: 'Administrator, or Services Manage on the site',
  args: oneVoiceUser,
  form: { form: voicePinForm, target: 'user' },
  async run(ctx, args) {
    const user = await openVoiceUserForChange(
      ctx.deps,
      ctx.actor,
      { user: await userRef(ctx, args.user) },
      'voice.pin',
    );
    return { kind: 'form', open: await openForm(ctx, voicePinForm, {}, { user: user.id }) };
  },
});

export const voicePasswordCommand = defineCommand({
  words: ['voice', 'password'],
  usage: '<user>',
  summary: 'form: Voice Manager/WebEx password, typed or generated',
  permission: 'Administrator, or Services Manage on the site',
  args: oneVoiceUser,
  form: { form: voicePasswordForm, target: 'user' },
  async run(ctx, args) {
    const user = await openVoiceUserForChange(
      ctx.deps,
      ctx.actor,
      { user: await userRef(ctx, args.user) },
      'voice.password',
    );
    return { kind: 'form', open: await openForm(ctx, voicePasswordForm, {}, { user: user.id }) };
  },
});

export const commands = [voicePinCommand, voicePasswordCommand];
export const forms = [voicePinFormHandler, voicePasswordFormHandler];
