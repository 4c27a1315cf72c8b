import { z } from 'zod/v4';
import type { GrantDto } from '../src/domain/dto/grant-dto.js';
import { GRANT_PERMISSIONS } from '../src/domain/grant-permissions.js';
import { parseDuration } from '../src/lib/duration.js';
import { giveGrantOperation, requestAccessOperation, revokeGrantOperation } from '../src/services/grants/operations.js';
import { listGrants, myAccess } from '../src/services/grants/query.js';
import { requestAccessForm } from '../views/forms/grant-forms.js';
import { grantFacts, grantsTable, waitingLines } from '../views/replies/grant-replies.js';
import { info, success, type ReplyBlock } from '../views/reply.js';
import { flagsOnly, userRef } from './args.js';
import { defineForm, openForm } from './forms.js';
import { answer } from './run-gated.js';
import { defineCommand } from './types.js';

const FOR_HOW_LONG = 'Give how long as 30m, 4h or 2d';

/** `<permission> [for] <duration>` from the words after the command's other arguments. */
function permissionAndDuration(words: string[], ctx: z.RefinementCtx, durationRequired: boolean) {
  const [permission, ...rest] = words;
  const durationWords = rest[0]?.toLowerCase() === 'for' ? rest.slice(1) : rest;
  if (!permission && durationRequired)
    ctx.addIssue({ code: 'custom', message: `Give a permission: ${GRANT_PERMISSIONS.join(', ')}` });
  // `for 1h 30m` is one duration in two words, as `formatDuration` writes it.
  const text = durationWords.length > 0 ? durationWords.join(' ') : undefined;
  const durationMs = text === undefined ? undefined : parseDuration(text);
  if (text === undefined && durationRequired) ctx.addIssue({ code: 'custom', message: `${FOR_HOW_LONG}: for 4h` });
  if (text !== undefined && durationMs === null)
    ctx.addIssue({ code: 'custom', message: `${FOR_HOW_LONG}, not "${text}"` });
  return { permission: permission ?? '', durationMs: durationMs ?? undefined };
}

/** A grant changed: the sentence, then its facts. */
const done = (sentence: string, grant: GrantDto) =>
  success(sentence, [{ type: 'text', text: sentence }, grantFacts(grant)]);

const reasonFlag = (value: string | true | undefined) => (typeof value === 'string' ? value : undefined);

export const requestCommand = defineCommand({
  words: ['request'],
  usage: '<permission> [for <duration>] --reason "..."',
  summary: 'ask for a permission for yourself, for a while (default 1h); an Administrator approves it',
  permission: 'any enabled portal user',
  args: z.object({ positional: z.array(z.string()), flags: flagsOnly(['reason']) }).transform((a, ctx) => ({
    ...permissionAndDuration(a.positional, ctx, false),
    reason: reasonFlag(a.flags.reason),
  })),
  form: { form: requestAccessForm },
  async run(ctx, args) {
    if (!args.permission && !args.reason) {
      return { kind: 'form', open: await openForm(ctx, requestAccessForm, { duration: '1h' }) };
    }
    if (!args.reason) {
      return {
        kind: 'reply',
        reply: info('Say why you need it: add --reason "..."', [
          {
            type: 'text',
            text: `For example: request ${args.permission || 'orders:manage'} for 30m --reason "month-end orders"`,
          },
        ]),
      };
    }
    const ran = await ctx.run(requestAccessOperation, args);
    return {
      kind: 'reply',
      reply: await answer(ran, (grant) => done(`Granted ${grant.permission}.`, grant)),
    };
  },
});

export const grantCommand = defineCommand({
  words: ['grant'],
  usage: '<user> <permission> for <duration> [--reason "..."]',
  summary: 'grant a user a permission for a while; it returns to what it was at the end',
  permission: 'Administrator',
  args: z.object({ positional: z.array(z.string()), flags: flagsOnly(['reason']) }).transform((a, ctx) => {
    const [user, ...rest] = a.positional;
    if (!user) ctx.addIssue({ code: 'custom', message: 'Give the user: a User ID, an email or a mention' });
    return { user: user ?? '', ...permissionAndDuration(rest, ctx, true), reason: reasonFlag(a.flags.reason) };
  }),
  async run(ctx, args) {
    const input = { ...args, user: await userRef(ctx, args.user) };
    const ran = await ctx.run(giveGrantOperation, input);
    return {
      kind: 'reply',
      reply: await answer(ran, (grant) => done(`Granted ${grant.permission} to ${grant.user.userId}.`, grant)),
    };
  },
});

export const grantsCommand = defineCommand({
  words: ['grants'],
  usage: '[active|all] [<user>]',
  summary:
    'time-boxed grants: who asked, who approved, why, and when each ends (yours, or everyone’s for Administrators)',
  permission: 'any enabled portal user (their own)',
  args: z
    .object({ positional: z.array(z.string()).max(2, 'Give at most active|all and a user'), flags: flagsOnly([]) })
    .transform((a) => {
      const [first, second] = a.positional;
      const scope = first === 'all' || first === 'active' ? first : undefined;
      return { scope: scope ?? 'active', user: scope ? second : first };
    }),
  async run(ctx, args) {
    const user = args.user ? await userRef(ctx, args.user) : undefined;
    const grants = await listGrants(ctx.deps, ctx.actor, { scope: args.scope, user });
    const scope = args.scope === 'active' ? 'active ' : '';
    // One's own requests still waiting come with the list (Teams has no Home tab to show them).
    const waiting = user ? [] : (await myAccess(ctx.deps, ctx.actor)).pending;
    const blocks: ReplyBlock[] = [{ type: 'header', text: 'Time-boxed grants' }];
    if (grants.length > 0) blocks.push(grantsTable(grants));
    else blocks.push({ type: 'text', text: `No ${scope}grants.` });
    if (waiting.length > 0) blocks.push({ type: 'text', text: waitingLines(waiting).join('\n') });
    const what = `${grants.length} ${scope}grant${grants.length === 1 ? '' : 's'}`;
    const summary = waiting.length ? `${what}, ${waiting.length} waiting for approval` : what;
    return { kind: 'reply', reply: info(summary, blocks) };
  },
});

export const revokeCommand = defineCommand({
  words: ['revoke'],
  usage: '<grant id>',
  summary: 'end a time-boxed grant now (your own, or anyone’s for Administrators)',
  permission: 'Administrator, or the one who asked',
  args: z
    .object({ positional: z.array(z.string()).length(1, 'Give the grant id (see `grants`)'), flags: flagsOnly([]) })
    .transform((a) => ({ grant: a.positional[0]! })),
  async run(ctx, args) {
    const ran = await ctx.run(revokeGrantOperation, args);
    // Its holder is told where the grant was asked from (not when they revoked it themselves).
    if (ran.kind === 'done') await ctx.deps.approvalEvents.publishGrantEnds([ran.result]);
    return {
      kind: 'reply',
      reply: await answer(ran, (grant) => done(`Revoked ${grant.permission} of ${grant.user.userId}.`, grant)),
    };
  },
});

const requestFormHandler = defineForm({
  form: requestAccessForm,
  async submit(ctx, input) {
    const ran = await ctx.run(requestAccessOperation, input);
    return answer(ran, (grant) => done(`Granted ${grant.permission}.`, grant));
  },
});

export const commands = [requestCommand, grantCommand, grantsCommand, revokeCommand];
export const forms = [requestFormHandler];
