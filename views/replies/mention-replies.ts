import { failure, type Reply } from '../reply.js';

/** Refuses a command that mentions more people than one command may name (before anyone is looked up). */
export function tooManyMentionsReply(count: number, max: number): Reply {
  return failure(
    `A command can mention at most ${max} people; this one mentions ${count}. Split it into commands of ${max} or fewer.`,
  );
}

/**
 * Mentioned people who are no portal users of the account, named as the typist saw them (`@jo`):
 * no portal user has the email the chat platform (`platform`: Slack) gives for them, or it gives none.
 */
export function notPortalUsersReply(
  platform: string,
  accountName: string,
  missing: { shown: string; email: string | null }[],
): Reply {
  const why = ({ shown, email }: (typeof missing)[number]) =>
    email
      ? `${shown} is not a portal user of ${accountName}: no user there has their ${platform} email, ${email}.`
      : `${shown} is not a portal user of ${accountName}: ${platform} has no verified email for them.`;
  const fix = 'Name them by portal User ID or email instead, or add them to the portal first.';
  const lines = missing.map(why);
  const named = missing.map((m) => m.shown).join(', ');
  const summary =
    missing.length === 1 ? `${lines[0]} ${fix}` : `${named} are not portal users of ${accountName}. ${fix}`;
  // The summary (shown first) names them all and says the fix; the blocks give each one's reason.
  const detail = missing.length === 1 ? [...lines, fix] : lines;
  return failure(
    summary,
    detail.map((text) => ({ type: 'text' as const, text })),
  );
}
