import { voiceGroupMemberships, voiceRegistrationReport } from '../src/services/voice/index.js';
import { info } from '../views/reply.js';
import { oneVoiceUser, userRef } from './args.js';
import { groupBlocks, registrationBlocks } from '../views/replies/voice-facts.js';
import { defineCommand } from './types.js';

export const voiceRegistrationsCommand = defineCommand({
  words: ['voice', 'registrations'],
  usage: '<user>',
  summary: "registration report: where the user's devices are registered",
  permission: 'Administrator, or Services View on the site',
  args: oneVoiceUser,
  async run(ctx, args) {
    const report = await voiceRegistrationReport(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    return {
      kind: 'reply',
      reply: info(`${report.user.name}: ${report.registered ? 'registered' : 'not registered'}`, [
        { type: 'header', text: `Registrations: ${report.user.name}` },
        ...registrationBlocks(report),
      ]),
    };
  },
});

export const voiceGroupsCommand = defineCommand({
  words: ['voice', 'groups'],
  usage: '<user>',
  summary: 'hunt-group and call-queue memberships',
  permission: 'Administrator, or Services View on the site',
  args: oneVoiceUser,
  async run(ctx, args) {
    const groups = await voiceGroupMemberships(ctx.deps, ctx.actor, { user: await userRef(ctx, args.user) });
    return {
      kind: 'reply',
      reply: info(
        `${groups.user.name}: ${groups.memberships.length} group membership${groups.memberships.length === 1 ? '' : 's'}`,
        [{ type: 'header', text: `Groups: ${groups.user.name}` }, ...groupBlocks(groups)],
      ),
    };
  },
});

export const commands = [voiceRegistrationsCommand, voiceGroupsCommand];
