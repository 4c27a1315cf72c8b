/** Fitting text into a platform's length limits, whatever the platform. */

export const ELLIPSIS = '…';

/** White space that must go: other than a plain space, two in a row, or at either end. */
const UNTIDY_SPACE = /[^\S ]| {2}|^ | $/;

/**
 * Text on one line: runs of white space as one space, none at the ends (a table cell, an email's
 * subject or a name in it, where a newline must not start a new row, header or paragraph). Most
 * text is already, and is returned as it is.
 */
export function oneLine(text: string | undefined): string {
  if (!text) return '';
  return UNTIDY_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** At most `max` UTF-16 units (a platform's count is never higher), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}

/**
 * Splits text into pieces of at most `max` characters, at line breaks when it can, for
 * sections that have a length limit. Each piece is non-empty.
 */
export function chunkLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > max ? clip(raw, max) : raw;
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}
