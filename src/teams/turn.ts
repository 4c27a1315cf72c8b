import type { ConversationParameters, ConversationReference, TurnContext } from 'botbuilder';
import type { CommandContext } from '../../commands/index.js';
import type { ChatAdapterState } from '../chat/adapter-state.js';
import { decodeChatEntities } from '../lib/html-entities.js';
import type { ApprovalEffects } from '../chat/approval-effects.js';
import type { SubmissionLedger } from '../chat/once-only.js';
import type { AdaptiveCard } from './cards/elements.js';
import { approvalsChannelExtra, originOf } from './approvals/places.js';
import { memberEmail, resolveTeamsUser, teamsUser } from './identity.js';
import { attachedFiles } from './files.js';

/** What every Teams handler works with: the chat adapter state, and Teams' ways of reaching a conversation. */
export interface TeamsState extends ChatAdapterState {
  readonly platform: 'teams';
  /** With Bot Framework authentication: the one Microsoft 365 tenant this Switchboard serves. */
  tenantId?: string;
  /** Form cards submitted (or being submitted), by card id: the card everyone sees once it is done. */
  completed: SubmissionLedger<AdaptiveCard>;
  /** Approval effects through Teams' ChatPort (set when the bot is made). */
  effects: ApprovalEffects;
  /** How long an invoke may work before it answers and reports the result later (Teams allows 5 s). */
  invokeBudgetMs: number;
  /** Runs `logic` in a conversation after the turn has ended (a late result): the turn's context is gone by then. */
  continueConversation(
    reference: Partial<ConversationReference>,
    logic: (later: TurnContext) => Promise<void>,
  ): Promise<void>;
  /** Starts a conversation (a 1:1 chat with someone) and runs `logic` in it. */
  createConversation(
    serviceUrl: string,
    parameters: ConversationParameters,
    logic: (created: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** The portal user behind a turn, as a command context; or why there is none. */
export type TurnActor =
  { ok: true; ctx: CommandContext; requester: string; name: string } | { ok: false; message: string };

interface Mention {
  type: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

/**
 * The command line of a message: the bot's own mention is gone (the router strips it), other
 * mentions become `@mentionN` tokens that `resolveMention` turns into the member's email, and an
 * optional leading `/portal` (Slack habit) is dropped.
 */
export function commandLine(context: TurnContext): { line: string; mentions: Mention[] } {
  const a = context.activity;
  let text = a.text ?? '';
  const mentions = ((a.entities ?? []) as Mention[]).filter(
    (e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== a.recipient?.id && e.text,
  );
  mentions.forEach((m, i) => {
    text = text.split(m.text!).join(` @mention${i} `);
  });
  text = decodeChatEntities(text.replace(/<at>[^<]*<\/at>/g, ' '));
  text = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\/?portal\b\s*/i, '');
  return { line: text, mentions };
}

/** Whether the bot was @mentioned (needed in channels and group chats). */
export function mentionsBot(context: TurnContext): boolean {
  const a = context.activity;
  return ((a.entities ?? []) as Mention[]).some((e) => e.type === 'mention' && e.mentioned?.id === a.recipient?.id);
}

/** The portal user behind this turn, as a command context; or why there is none. */
export async function openTurn(env: TeamsState, context: TurnContext, mentions: Mention[] = []): Promise<TurnActor> {
  const identity = await resolveTeamsUser(env, context);
  if (!identity.ok) return identity;
  const who = teamsUser(context);
  const resolveMention = async (token: string): Promise<string | null> => {
    const index = /^@mention(\d+)$/.exec(token)?.[1];
    const mention = index === undefined ? undefined : mentions[Number(index)];
    if (!mention?.mentioned?.id) return null;
    return (await memberEmail(context, mention.mentioned.id)) ?? mention.mentioned.name ?? null;
  };
  // `approvals here`: a channel or group chat can be posted into later; a personal chat is no approvals channel.
  const origin = originOf(context);
  const shared = origin.conversationType === 'channel' || origin.conversationType === 'groupChat';
  return {
    ok: true,
    ctx: {
      deps: env.deps,
      actor: identity.actor,
      registry: env.registry,
      resolveMention,
      attachments: attachedFiles(context),
      // A personal chat is where its user is reached privately later (an import's progress).
      ...(origin.conversationType === 'personal'
        ? { replyPlace: { channel: origin.conversationId, extra: approvalsChannelExtra(origin) } }
        : {}),
      ...(shared ? { origin: { channel: origin.conversationId, extra: approvalsChannelExtra(origin) } } : {}),
    },
    requester: context.activity.from?.id ?? who.chatUserId,
    name: identity.user.name || identity.user.userId,
  };
}
