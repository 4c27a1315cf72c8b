import type { types } from '@slack/bolt';
import { hasSecret, shownBlocks, type Reply, type ReplyAction, type ReplyBlock } from '../../views/reply.js';
import { ReplyRenderings } from '../../views/reply-renderings.js';
import { LIMITS } from './limits.js';
import { chunkLines, clip, oneLine } from '../lib/text-fit.js';
import { escapeMrkdwn, mrkdwn, plain } from './render-text.js';

/** Buttons that run a command line: `run:0`, `run:1`, ... (unique within a message or view). */
export const RUN_ACTION = /^run:\d+$/;

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

/** Where a reply goes: `private` (ephemeral, DM) or `public` (seen by the channel). */
export type Audience = 'private' | 'public';

/** A reply is public only when it says so and holds no secret; everything else stays private. */
export function audienceOf(reply: Reply): Audience {
  return reply.visibility === 'public' && !hasSecret(reply) ? 'public' : 'private';
}

const TONE_ICON: Record<Reply['tone'], string> = { info: '', success: ':white_check_mark: ', error: ':warning: ' };

/** Messages of shared (frozen) replies, such as a page of users read from the read cache. */
const messagesOfSharedReplies = new ReplyRenderings<SlackMessage>();

/**
 * A reply as a Slack message: `text` (the notification, never a secret) and blocks within
 * Slack's limits. A secret block is rendered only for a private audience; asking for a
 * public rendering of a reply with a secret is a bug and throws. A frozen reply is shared by
 * every request that asks the same, and its message is made once (and frozen too), unless it
 * holds a secret or a file: those are never kept.
 */
export function renderReply(reply: Reply, audience: Audience, maxBlocks: number = LIMITS.messageBlocks): SlackMessage {
  return messagesOfSharedReplies.get(reply, `${audience} ${maxBlocks}`, () => slackMessage(reply, audience, maxBlocks));
}

function slackMessage(reply: Reply, audience: Audience, maxBlocks: number): SlackMessage {
  if (audience === 'public' && hasSecret(reply))
    throw new Error('A reply holding a secret can only be shown privately');
  const blocks: types.KnownBlock[] = [];
  const counter = { next: 0 };
  shownBlocks(reply).forEach((block, index) => {
    const icon = index === 0 && (block.type === 'text' || block.type === 'header') ? TONE_ICON[reply.tone] : '';
    blocks.push(...renderBlock(block, icon, counter));
  });
  return {
    text: clip(`${TONE_ICON[reply.tone]}${reply.summary}`, LIMITS.messageText),
    blocks: fitBlocks(blocks, maxBlocks),
  };
}

/** Keeps within the block limit, saying what was left out. */
export function fitBlocks(blocks: types.KnownBlock[], max: number): types.KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  kept.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `… ${blocks.length - kept.length} more blocks not shown; narrow the command or use --page.`,
      },
    ],
  });
  return kept;
}

function renderBlock(block: ReplyBlock, icon: string, counter: { next: number }): types.KnownBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plain(`${icon}${block.text}`, LIMITS.headerText) }];
    case 'text':
      return sections(
        block.text.split('\n').map((line, i) => (i === 0 ? icon : '') + mrkdwn(line, LIMITS.sectionText - icon.length)),
      );
    case 'fields':
      return fieldSections(block.fields);
    case 'table':
      return tableBlocks(block);
    case 'secret':
      return secretBlocks(block);
    case 'actions':
      return actionBlocks(block.actions, counter);
    case 'file':
      return sections([`:paperclip: *${mrkdwn(block.name, 200)}*: ${mrkdwn(block.note, 1_000)}`, FILE_WHERE]);
  }
}

/** Where a reply's file goes: Slack uploads it to the person privately (slack/files.ts). */
const FILE_WHERE = 'The file is sent to you in your direct messages with Switchboard.';

function sections(lines: string[]): types.SectionBlock[] {
  return chunkLines(lines.length ? lines : [' '], LIMITS.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: text || ' ' },
  }));
}

function fieldSections(fields: { label: string; value: string }[]): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    out.push({
      type: 'section',
      fields: fields.slice(i, i + LIMITS.sectionFields).map((f) => {
        const label = `*${mrkdwn(f.label, 200)}*\n`;
        return { type: 'mrkdwn' as const, text: label + mrkdwn(f.value || ' ', LIMITS.fieldText - label.length) };
      }),
    });
  }
  return out;
}

/** Widest a table may be to show as an aligned code block; wider tables become one line per row. */
const CODE_TABLE_WIDTH = 72;

function tableBlocks(table: Extract<ReplyBlock, { type: 'table' }>): types.KnownBlock[] {
  const out: types.KnownBlock[] = [];
  const rows = table.rows.map((row) => table.columns.map((_, i) => oneLine(row[i])));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const lineWidth = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  if (rows.length > 0 && lineWidth <= CODE_TABLE_WIDTH) {
    const line = (row: string[]) =>
      escapeMrkdwn(
        row
          .map((text, i) => (text.includes('`') ? text.replace(/`/g, "'") : text).padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
    const lines = [line(table.columns.map((c) => oneLine(c))), ...rows.map(line)];
    for (const chunk of chunkLines(lines, LIMITS.sectionText - 8))
      out.push({ type: 'section', text: { type: 'mrkdwn', text: '```\n' + chunk + '\n```' } });
  } else if (rows.length > 0) {
    // A loop, not destructuring and flatMap, for every cell of every list: 25 rows in 30-38 µs, not 105-147.
    const lines = rows.map((row) => {
      let line = `*${mrkdwn(row[0] || '-', 300)}*`;
      for (let i = 1; i < row.length; i++)
        if (row[i]) line += `  ·  ${mrkdwn(table.columns[i]!, 100)}: ${mrkdwn(row[i]!, 500)}`;
      return line;
    });
    out.push(...sections(lines));
  }
  if (table.footer)
    out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(table.footer, LIMITS.contextText) }] });
  if (out.length === 0) out.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'None.' }] });
  return out;
}

function secretBlocks(secret: Extract<ReplyBlock, { type: 'secret' }>): types.KnownBlock[] {
  const value = secret.value.includes('`') ? mrkdwn(secret.value, 500) : '`' + mrkdwn(secret.value, 500) + '`';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `:lock: *${mrkdwn(secret.label, 200)}*: ${value}` } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: mrkdwn(secret.note || 'Shown once, only to you.', LIMITS.contextText) }],
    },
  ];
}

/** Slack's confirmation dialog (limits: title 100, text 300, buttons 30). */
function confirmDialog(c: NonNullable<ReplyAction['confirm']>, style?: ReplyAction['style']): types.ConfirmationDialog {
  const dialog = { title: plain(c.title, 100), text: plain(c.text, 300), confirm: plain(c.yes, 30) };
  return { ...dialog, deny: plain('Cancel', 30), ...(style === 'danger' ? { style: 'danger' as const } : {}) };
}

/** Buttons running command lines; a line too long for a button value (2,000) gets no button. */
export function actionBlocks(actions: ReplyAction[], counter = { next: 0 }): types.ActionsBlock[] {
  const buttons: types.Button[] = actions
    .filter((a) => a.command.length > 0 && a.command.length <= LIMITS.buttonValue)
    .map((a) => ({
      type: 'button',
      action_id: `run:${counter.next++}`,
      text: plain(a.label, LIMITS.buttonText),
      value: a.command,
      ...(a.style ? { style: a.style } : {}),
      ...(a.confirm ? { confirm: confirmDialog(a.confirm, a.style) } : {}),
    }));
  const out: types.ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.actionsElements)
    out.push({ type: 'actions', elements: buttons.slice(i, i + LIMITS.actionsElements) });
  return out;
}
