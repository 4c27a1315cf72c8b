/** Plain-text helpers of the console: visible width, wrapping, truncation and optional colour. */

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Characters a terminal shows, without colour codes; one column each (no East Asian wide forms here). */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function padEnd(text: string, width: number): string {
  const missing = width - visibleLength(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/** Cuts plain text to `width` columns, ending in an ellipsis when something was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return chars.slice(0, width).join('');
  return `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * Word-wraps plain text to `width` columns: each line of the text separately, words longer
 * than a line broken hard, trailing spaces dropped. Always at least one line.
 */
export function wrap(text: string, width: number): string[] {
  const limit = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/ +/).filter((w, i) => w !== '' || i === 0);
    let line = '';
    for (const word of words) {
      let rest = [...word];
      const candidate = line === '' ? word : `${line} ${word}`;
      if (visibleLength(candidate) <= limit) {
        line = candidate;
        continue;
      }
      if (line !== '') out.push(line);
      line = '';
      while (rest.length > limit) {
        out.push(rest.slice(0, limit).join(''));
        rest = rest.slice(limit);
      }
      line = rest.join('');
    }
    out.push(line.trimEnd());
  }
  return out;
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

export const COLOR: Style = { bold: code(1, 22), dim: code(2, 22), red: code(31, 39), green: code(32, 39), yellow: code(33, 39), cyan: code(36, 39) };

const same = (text: string) => text;
export const PLAIN: Style = { bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const wanted = stream.isTTY === true && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
  return wanted ? COLOR : PLAIN;
}
