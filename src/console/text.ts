/** Plain-text helpers of the console: visible width, wrapping, truncation and optional colour. */
import stringWidth from 'string-width';
import stripAnsiCodes from 'strip-ansi';
import wrapAnsi from 'wrap-ansi';

/** Terminal columns the text takes: colour codes take none, CJK and most emoji two (string-width). */
export function visibleLength(text: string): number {
  return stringWidth(text);
}

export function stripAnsi(text: string): string {
  return stripAnsiCodes(text);
}

export function padEnd(text: string, width: number): string {
  const missing = width - visibleLength(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts plain text to `width` columns, ending in an ellipsis when something was cut; never splits
 * a wide character or emoji.
 */
export function truncate(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  const room = width <= 1 ? width : width - 1;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (visibleLength(kept + segment) > room) break;
    kept += segment;
  }
  return width <= 1 ? kept : `${kept}…`;
}

/** Breaks one line into pieces of at most `width` columns (at least one grapheme each). */
function breakHard(line: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of graphemes.segment(line)) {
    if (piece !== '' && visibleLength(piece + segment) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment;
  }
  return [...pieces, piece];
}

/**
 * Word-wraps text to `width` terminal columns (wrap-ansi, which counts CJK and emoji as two):
 * each line of the text separately, a word longer than a line on lines of its own, broken
 * hard, trailing spaces dropped. Always at least one line.
 */
export function wrap(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  return text.split(/\r?\n/).flatMap((paragraph) =>
    wrapAnsi(paragraph.replace(/ +/g, ' '), limit, { hard: false, trim: true })
      .split('\n')
      .flatMap((line) => (visibleLength(line) > limit ? breakHard(line, limit) : [line]))
      .map((line) => line.trimEnd()),
  );
}

/** Wraps `text` after `lead` (e.g. a label), continuing lines indented to the lead's width. */
export function hangingWrap(lead: string, text: string, width: number): string[] {
  const indent = visibleLength(lead);
  const room = Math.max(10, width - indent);
  return wrap(text, room).map((line, i) => (i === 0 ? lead : ' '.repeat(indent)) + line);
}

/** ANSI styling, or none: colour only on a terminal and when NO_COLOR is not set. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const code = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const COLOR: Style = {
  bold: code(1, 22),
  dim: code(2, 22),
  red: code(31, 39),
  green: code(32, 39),
  yellow: code(33, 39),
  cyan: code(36, 39),
};

const same = (text: string) => text;
export const PLAIN: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const wanted = stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  return wanted ? COLOR : PLAIN;
}
