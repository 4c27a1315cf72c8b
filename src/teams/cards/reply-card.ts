import { ReplyRenderings } from '../../../views/reply-renderings.js';
import {
  nextPageCommand,
  shownBlocks,
  type NarrowTable,
  type Reply,
  type ReplyAction,
  type ReplyBlock,
} from '../../../views/reply.js';
import {
  card,
  cardBytes,
  escapeMarkdown,
  plainText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './elements.js';
import { VERBS } from './verbs.js';

/** Teams refuses a message over about 28 KB; cards stay below this, with room for the activity. */
export const CARD_BUDGET_BYTES = 26 * 1024;

export interface ReplyCardOptions {
  /**
   * `requester`: the card goes only to the person who asked (an invoke response, a dialog), so a
   * secret block shows its value. `everyone`: the card is posted where others can see it, or
   * stays in the chat history; a secret is left out.
   */
  audience: 'requester' | 'everyone';
}

const TONE_STYLE = { success: 'good', error: 'attention', info: 'default' } as const;

export function commandAction(action: ReplyAction, inPlace = false): CardAction {
  return {
    type: 'Action.Execute',
    title: action.label,
    verb: VERBS.command,
    data: { sb: { command: action.command, inPlace } },
    ...(action.style === 'primary' ? { style: 'positive' } : action.style === 'danger' ? { style: 'destructive' } : {}),
  };
}

type TableBlock = Extract<ReplyBlock, { type: 'table' }>;

const textCell = (text: string, header = false): CardElement => ({
  type: 'TableCell',
  items: [plainText(text || ' ', header ? { weight: 'bolder' } : {})],
});

/** Every column, each as wide as the others. */
function fullTable(block: TableBlock, rows: string[][]): CardElement {
  return {
    type: 'Table',
    columns: block.columns.map(() => ({ width: 1 })),
    firstRowAsHeaders: true,
    showGridLines: true,
    rows: [block.columns, ...rows].map((row, i) => ({
      type: 'TableRow',
      cells: block.columns.map((_c, j) => textCell(row[j] ?? '', i === 0)),
    })),
  };
}

/** The table's narrow form: its few key columns (the first one wider) and a Details action per row. */
function narrowTable(block: TableBlock, narrow: NarrowTable, rows: string[][]): CardElement {
  const keep = narrow.columns.map((name) => block.columns.indexOf(name)).filter((j) => j >= 0);
  const details = (i: number): CardElement => ({
    type: 'TableCell',
    items: [{ type: 'ActionSet', actions: [commandAction({ label: 'Details', command: narrow.details[i]! })] }],
  });
  return {
    type: 'Table',
    columns: [...keep.map((_j, k) => ({ width: k === 0 ? 2 : 1 })), { width: 1 }],
    firstRowAsHeaders: true,
    showGridLines: true,
    rows: [
      { type: 'TableRow', cells: [...keep.map((j) => textCell(block.columns[j]!, true)), textCell(' ', true)] },
      ...rows.map((row, i) => ({ type: 'TableRow', cells: [...keep.map((j) => textCell(row[j] ?? '')), details(i)] })),
    ],
  };
}

function table(block: TableBlock, rows: string[][]): CardElement[] {
  const elements: CardElement[] = [block.narrow ? narrowTable(block, block.narrow, rows) : fullTable(block, rows)];
  const shown =
    rows.length < block.rows.length
      ? `Showing ${rows.length} of the ${block.rows.length} rows of this page (the card would be too large). `
      : '';
  const footer = block.footer?.replace(/ · next page: .+$/, '');
  if (shown || footer)
    elements.push(plainText(`${shown}${footer ?? ''}`.trim(), { isSubtle: true, size: 'small' }, { spacing: 'small' }));
  const next = nextPageCommand(block.footer);
  if (next) elements.push({ type: 'ActionSet', actions: [commandAction({ label: 'Next page', command: next }, true)] });
  return elements;
}

function secret(block: Extract<ReplyBlock, { type: 'secret' }>, audience: ReplyCardOptions['audience']): CardElement {
  if (audience === 'everyone') {
    return plainText(`${block.label}: shown once, only to the person who asked.`, { isSubtle: true });
  }
  return {
    type: 'Container',
    style: 'emphasis',
    items: [
      plainText(block.label, { weight: 'bolder' }),
      plainText(block.value, { size: 'large', fontType: 'monospace', weight: 'bolder' }),
      plainText(block.note, { isSubtle: true, size: 'small' }),
    ],
  };
}

/** A file as a private download link (teams/files.ts stores it and sets `url`), with its note. */
function fileElements(block: Extract<ReplyBlock, { type: 'file' }>): CardElement[] {
  const note = plainText(`${block.name}: ${block.note}`);
  if (!block.url)
    return [note, plainText('The file could not be prepared; run the command again.', { isSubtle: true })];
  const action = { type: 'Action.OpenUrl', title: `Download ${block.name}`, url: block.url };
  const expiry = plainText('The link is yours alone and works for 30 minutes.', { isSubtle: true, size: 'small' });
  return [note, expiry, { type: 'ActionSet', actions: [action] }];
}

function element(block: ReplyBlock, audience: ReplyCardOptions['audience'], rows?: number): CardElement[] {
  switch (block.type) {
    case 'header':
      return [plainText(block.text, { size: 'large', weight: 'bolder' })];
    case 'text':
      return [plainText(block.text)];
    case 'fields':
      return [
        {
          type: 'FactSet',
          facts: block.fields.map((f) => ({ title: escapeMarkdown(f.label), value: escapeMarkdown(f.value || ' ') })),
        },
      ];
    case 'table':
      return table(block, block.rows.slice(0, rows ?? block.rows.length));
    case 'secret':
      return [secret(block, audience)];
    case 'actions':
      return block.actions.length > 0
        ? [{ type: 'ActionSet', actions: block.actions.map((a) => commandAction(a)) }]
        : [];
    case 'file':
      return fileElements(block);
  }
}

function build(reply: Reply, audience: ReplyCardOptions['audience'], rowLimit?: number): AdaptiveCard {
  const body = shownBlocks(reply).flatMap((block) => element(block, audience, rowLimit));
  const wide = reply.blocks.some((b) => b.type === 'table');
  const content: CardElement[] =
    reply.tone === 'info' ? body : [{ type: 'Container', style: TONE_STYLE[reply.tone], items: body }];
  return card(content, [], { fallbackText: reply.summary, ...(wide ? { msteams: { width: 'Full' } } : {}) });
}

/** Cards of shared (frozen) replies, such as a page of users read from the read cache. */
const cardsOfSharedReplies = new ReplyRenderings<AdaptiveCard>();

/**
 * A platform-neutral reply as an Adaptive Card 1.5; long tables are cut to fit Teams' size limit.
 * A frozen reply is shared by every request that asks the same, and its card is made once: it
 * was 30% of the CPU of a Teams `users` message. That card is frozen too. A reply holding a
 * secret or a file is rendered each time: those are never kept.
 */
export function renderReplyCard(reply: Reply, options: ReplyCardOptions): AdaptiveCard {
  return cardsOfSharedReplies.get(reply, options.audience, () => fittedCard(reply, options));
}

function fittedCard(reply: Reply, options: ReplyCardOptions): AdaptiveCard {
  let rendered = build(reply, options.audience);
  const longest = Math.max(0, ...reply.blocks.map((b) => (b.type === 'table' ? b.rows.length : 0)));
  // Measured only when there are rows to cut: a card without a table (a user's card) is sent as it is.
  for (let rows = longest - 1; rows >= 0 && cardBytes(rendered) > CARD_BUDGET_BYTES; rows--) {
    rendered = build(reply, options.audience, rows);
  }
  return rendered;
}
