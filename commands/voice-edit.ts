import { editVoiceUserOperation, openVoiceUserForChange } from '../src/services/voice/index.js';
import { voiceDetailsForm } from '../views/forms/voice-forms.js';
import { changeVerb, voiceChangeReply } from '../views/replies/voice-replies.js';
import { oneVoiceUser, userRef } from './args.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

const voiceDetailsFormHandler = defineForm({
  form: voiceDetailsForm,
  async submit(ctx, input) {
    return answer(await ctx.run(editVoiceUserOperation, input), (user) => {
      const who = `${user.name} (${user.phoneNumber ?? user.extension ?? user.site.name})`;
      return voiceChangeReply(
        user.provisioning,
        (where) => `${changeVerb(user.provisioning)} the voice details of ${who} ${where}.`,
      );
    });
  },
});

export const voiceEditCommand = defineCommand({
  words: ['voice', 'edit'],
  usage: '<user>',
  summary: 'form: user details and user services',
  permission: 'Administrator, or Services Manage on the site',
  args: oneVoiceUser,
  form: { form: voiceDetailsForm, target: 'user' },
  async run(ctx, args) {
    const user = await openVoiceUserForChange(
      ctx.deps,
      ctx.actor,
      { user: await userRef(ctx, args.user) },
      'voice.edit',
    );
    const s = user.services;
    const initial = {
      name: user.name,
      directoryFirstName: user.directoryFirstName,
      directoryLastName: user.directoryLastName,
      extension: user.extension ?? '',
      phoneNumber: user.phoneNumber ?? '',
      callerIdNumber: user.callerIdNumber ?? '',
      email: user.email ?? '',
      timeZone: user.timeZone ?? '',
      zeroOutEnabled: s.zeroOut.enabled,
      zeroOutNumber: s.zeroOut.phoneNumber ?? '',
      callRecording: s.callRecording,
      fax: s.fax,
      transcription: s.transcription,
      audioConferencing: s.audioConferencing.enabled,
      emailCopiesEnabled: s.emailCopies.enabled,
      emailCopyAddresses: s.emailCopies.addresses.join('\n'),
    };
    return {
      kind: 'form',
      open: await openForm(ctx, voiceDetailsForm, initial, { user: user.id, expectedVersion: user.version }),
    };
  },
});

export const commands = [voiceEditCommand];
export const forms = [voiceDetailsFormHandler];
