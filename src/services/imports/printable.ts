import { clip } from '../../lib/text-fit.js';

/**
 * Control and format characters, unassigned code points, lone surrogates, private use, and the
 * replacement character a byte that is not UTF-8 was read as: what a file that is not text holds.
 */
const NOT_PRINTABLE = /[\p{C}\p{Zl}\p{Zp}\uFFFD]+/gu;

/**
 * Text taken from a file (a header, a parser's message quoting it) as it may be shown in chat:
 * every run of characters that cannot be shown is one `�`, and it is at most `max` long.
 */
export function printable(text: string, max = 60): string {
  return clip(text.replace(NOT_PRINTABLE, '\uFFFD'), max);
}
