import { showVoiceUser } from '../src/services/voice/index.js';
import { info } from '../views/reply.js';
import { oneVoiceUser, userRef } from './args.js';
import { voiceUserFacts } from '../views/replies/voice-facts.js';
import { defineCommand } from './types.js';

export const voiceShowCommand = defineCommand({
  words: ['voice', 'show'],
  usage: '<user>',
  summary: 'voice profile, E911 address, services',
  permission: 'Administrator, or Services View on the site',
  args: oneVoiceUser,
  async run(ctx, args) {
    const user = await showVoiceUser(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    const ref = user.phoneNumber ?? user.extension ?? user.name;
    return {
      kind: 'reply',
      reply: info(`${user.name}: ${user.phoneNumber ?? 'no number'}, ${user.site.name}`, [
        { type: 'header', text: `${user.name} (${user.site.name})` },
        ...voiceUserFacts(user),
        {
          type: 'actions',
          actions: [
            { label: 'Edit', command: `voice edit ${JSON.stringify(ref)}` },
            { label: 'Voicemail PIN', command: `voice pin ${JSON.stringify(ref)}` },
            { label: 'E911 address', command: `voice e911 ${JSON.stringify(ref)}` },
          ],
        },
      ]),
    };
  },
});

export const commands = [voiceShowCommand];
