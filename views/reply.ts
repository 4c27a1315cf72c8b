/**
 * A platform-neutral reply: what a command or a form submission answers. Renderers turn it
 * into Block Kit, an Adaptive Card or console text; all text here is plain (renderers escape).
 */
export type ReplyBlock =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  /** `wrap`: every cell is needed whole (help's usage), so a narrow screen wraps it rather than cut it. */
  | { type: 'table'; columns: string[]; rows: string[][]; footer?: string; narrow?: NarrowTable; wrap?: boolean }
  /** A value shown once, only to the person who asked (a generated PIN). */
  | { type: 'secret'; label: string; value: string; note: string }
  /**
   * A file for the person who asked only (an export, the rows an import could not take): Slack
   * uploads it to them, Teams gives a private download link (`url`, set by the adapter), the
   * console writes it under ./data/exports. Never holds a secret.
   */
  | { type: 'file'; name: string; content: string; note: string; url?: string }
  | { type: 'actions'; actions: ReplyAction[] };

/**
 * How a narrow renderer (a Teams card, where ten columns break words letter by letter) shows a wide
 * table: only these columns, and for each row a Details action that runs `details[row]`.
 */
export interface NarrowTable {
  columns: string[];
  details: string[];
}

export interface ReplyAction {
  label: string;
  /** The command the action runs, e.g. `user show astewart` or `invites all`. */
  command: string;
  style?: 'primary' | 'danger';
  /** Asked before the action runs (a platform's confirmation dialog), e.g. before Deny. */
  confirm?: { title: string; text: string; yes: string };
}

/**
 * What a platform must do besides showing a reply: post an approval request's card to the
 * approvals channel (then record where with `recordApprovalMessage`), or update a decided
 * request's card for everyone and tell its requester privately.
 */
export type ReplyEffect =
  | {
      kind: 'approval-requested';
      approvalId: string;
      channel: { platform: string; channel: string; extra: Record<string, string> } | null;
    }
  | { kind: 'approval-decided'; approvalId: string }
  /**
   * A decision named this request but changed nothing (it was decided or expired before): its
   * card is refreshed so that nobody clicks a stale Approve again; the requester is not told again.
   */
  | { kind: 'approval-unchanged'; approvalId: string };

export interface Reply {
  /** Not shown: instructions for the platform (see ReplyEffect). */
  effects?: ReplyEffect[];
  /** Not shown: work started in the background that a front end may follow (the console draws an import's progress). */
  follow?: { importId: string };
  /** `private`: only the person who asked sees it. Replies with a secret are always private. */
  visibility: 'private' | 'public';
  tone: 'info' | 'success' | 'error';
  /** One-line summary: notification text and fallback. Never a secret. */
  summary: string;
  blocks: ReplyBlock[];
}

export function reply(
  tone: Reply['tone'],
  summary: string,
  blocks: ReplyBlock[] = [],
  visibility: Reply['visibility'] = 'private',
): Reply {
  return { visibility, tone, summary, blocks: blocks.length > 0 ? blocks : [{ type: 'text', text: summary }] };
}

/** Text as compared for "says the same": one space between words, no end punctuation, any case. */
const said = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/[.;:!]+$/, '')
    .trim()
    .toLowerCase();

/**
 * Whether the blocks already say the reply's main message: a header or text holds the summary
 * (or begins it, as `Import of x finished` begins `Import of x finished: 3 added`), or an info
 * reply opens with a header, its title (a list, a user's card: the summary is then only the
 * line a notification shows).
 */
function blocksSaySummary(reply: Reply): boolean {
  if (reply.tone === 'info' && reply.blocks[0]?.type === 'header') return true;
  const summary = said(reply.summary);
  return reply.blocks.some((block) => {
    if (block.type !== 'header' && block.type !== 'text') return false;
    const text = said(block.text);
    return text !== '' && (text.includes(summary) || summary.startsWith(text));
  });
}

/**
 * What a front end shows of a reply, in order: its main message (the summary) first, then the
 * blocks, its detail. The summary is not repeated when the blocks already say it.
 */
export function shownBlocks(reply: Reply): ReplyBlock[] {
  if (reply.summary.trim() === '' || blocksSaySummary(reply)) return reply.blocks;
  return [{ type: 'text', text: reply.summary }, ...reply.blocks];
}

export const success = (summary: string, blocks: ReplyBlock[] = []): Reply => reply('success', summary, blocks);
export const info = (summary: string, blocks: ReplyBlock[] = []): Reply => reply('info', summary, blocks);
export const failure = (summary: string, blocks: ReplyBlock[] = []): Reply => reply('error', summary, blocks);

/**
 * `1 - 20 of 53` with the command for the next page, as in the portal's tables; the last page
 * names none, so a caller passes its next command whatever the page. A page past the last says
 * so, with how many there are (`what`: the plural noun, e.g. `users`).
 */
export function pageFooter(page: number, pageSize: number, total: number, nextCommand?: string, what = 'rows'): string {
  if (total === 0) return 'None.';
  const first = (page - 1) * pageSize + 1;
  if (first > total) return pastTheEnd(page, pageSize, total, what);
  const last = Math.min(page * pageSize, total);
  const more = last < total && nextCommand ? ` · next page: ${nextCommand}` : '';
  return `${first} - ${last} of ${total}${more}`;
}

/** `Page 99 is past the end: 7 users in 1 page.` */
function pastTheEnd(page: number, pageSize: number, total: number, what: string): string {
  const pages = Math.ceil(total / pageSize);
  const noun = total === 1 ? what.replace(/s$/, '') : what;
  return `Page ${page} is past the end: ${total} ${noun} in ${pages} page${pages === 1 ? '' : 's'}.`;
}

/** The command of the next page in a footer `pageFooter` wrote (`1 - 20 of 53 · next page: users all --page 2`). */
export function nextPageCommand(footer: string | undefined): string | undefined {
  return footer ? /· next page: (.+)$/.exec(footer)?.[1]?.trim() : undefined;
}

/**
 * Whether a reply holds something for the requester's eyes only (a secret, a file), so that it is
 * never posted where others see it.
 */
export const hasSecret = (reply: Reply): boolean => reply.blocks.some((b) => b.type === 'secret' || b.type === 'file');

/** The files a reply carries. */
export const filesOf = (reply: Reply): Extract<ReplyBlock, { type: 'file' }>[] =>
  reply.blocks.filter((b): b is Extract<ReplyBlock, { type: 'file' }> => b.type === 'file');
