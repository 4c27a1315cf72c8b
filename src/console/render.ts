import { shownBlocks, type Reply, type ReplyBlock } from '../../views/reply.js';
import { fieldLines, tableLines } from './table.js';
import { hangingWrap, PLAIN, truncate, visibleLength, wrap, type Style } from './text.js';

export interface RenderOptions {
  /** Terminal columns; every line rendered is shorter, so a line is one row on screen. */
  width: number;
  style?: Style;
}

/** Where a secret value was printed, so the console can wipe it from the screen afterwards. */
export interface SecretPlacement {
  /** Index of its first line in `lines`. */
  line: number;
  rows: number;
  label: string;
  /** What the line shows once the value is wiped. */
  replacement: string;
}

export interface RenderedReply {
  lines: string[];
  secrets: SecretPlacement[];
}

const MARK = { success: '✓', error: '✗', info: '' } as const;

/**
 * A platform-neutral reply as console text: its main message first (see shownBlocks), headers
 * underlined, text wrapped, fields as aligned "Label: value", tables aligned within the width,
 * a secret value on a line of its own, actions as "try: <command>". Success and error replies
 * mark their first text with ✓ or ✗.
 */
export function renderReply(reply: Reply, options: RenderOptions): RenderedReply {
  const width = Math.max(20, options.width - 1);
  const style = options.style ?? PLAIN;
  const lines: string[] = [];
  const secrets: SecretPlacement[] = [];
  let marked = false;
  const blocks = shownBlocks(reply);
  blocks.forEach((block, index) => {
    const previous = blocks[index - 1];
    if (index > 0 && previous?.type !== 'header') lines.push('');
    if (block.type === 'secret') {
      const rendered = secretLines(block, width, style);
      secrets.push({
        line: lines.length,
        rows: rendered.valueRows,
        label: block.label,
        replacement: style.dim(truncate(`${block.label}: (shown once; wiped from the screen)`, width)),
      });
      lines.push(...rendered.lines);
      return;
    }
    let blockLines = renderBlock(block, width, style);
    if (!marked && block.type === 'text' && reply.tone !== 'info') {
      marked = true;
      const mark = reply.tone === 'success' ? style.green(MARK.success) : style.red(MARK.error);
      blockLines = hangingWrap(`${mark} `, block.text, width);
    }
    lines.push(...blockLines);
  });
  return { lines, secrets };
}

/** The reply as one string ending in a newline. */
export function replyText(reply: Reply, options: RenderOptions): string {
  return `${renderReply(reply, options).lines.join('\n')}\n`;
}

export function renderBlock(
  block: Exclude<ReplyBlock, { type: 'secret' }>,
  width: number,
  style: Style = PLAIN,
): string[] {
  switch (block.type) {
    case 'header': {
      const text = wrap(block.text, width);
      // In colour, bold is enough; in plain text, a rule marks the header.
      if (style !== PLAIN) return text.map((l) => style.bold(l));
      return [...text, '─'.repeat(Math.min(width, Math.max(...text.map(visibleLength))))];
    }
    case 'text':
      return wrap(block.text, width);
    case 'fields':
      return fieldLines(block.fields, width, style);
    case 'table': {
      const lines = tableLines(block.columns, block.rows, width, style, { cut: block.wrap !== true });
      if (block.footer) lines.push(...wrap(block.footer, width).map((l) => style.dim(l)));
      else if (block.rows.length === 0) lines.push(style.dim('(none)'));
      return lines;
    }
    case 'file':
      return [
        ...hangingWrap(`${style.dim('file:')} `, block.url ?? block.name, width).map((l) => style.cyan(l)),
        ...wrap(block.note, width),
      ];
    case 'actions':
      return block.actions.flatMap((action) =>
        hangingWrap(`${style.dim('try:')} `, `${action.command}${action.label ? ` (${action.label})` : ''}`, width).map(
          (l) => style.cyan(l),
        ),
      );
    default: {
      const unknown = block as { type: string };
      return [style.dim(`(a ${unknown.type} block this console cannot show)`)];
    }
  }
}

function secretLines(
  block: Extract<ReplyBlock, { type: 'secret' }>,
  width: number,
  style: Style,
): { lines: string[]; valueRows: number } {
  const value = hangingWrap(`${block.label}: `, block.value, width).map((l) => style.bold(style.yellow(l)));
  const note = block.note ? wrap(block.note, width).map((l) => style.dim(l)) : [];
  return { lines: [...value, ...note], valueRows: value.length };
}
