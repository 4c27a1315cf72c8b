import { clip, ELLIPSIS } from '../lib/text-fit.js';

/** Text helpers of the Block Kit renderers: escaping for mrkdwn and clipping to Slack's limits. */

/** Slack's three control characters in mrkdwn (and in plain text sent as mrkdwn). */
export function escapeMrkdwn(text: string): string {
  // Most text has none of them: tested once rather than replaced three times.
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped for mrkdwn and clipped so that the escaped text fits `max` (no entity cut in half). */
export function mrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of text) {
    const piece = escapeMrkdwn(char);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

/** Plain text clipped; plain_text objects are not parsed by Slack, so nothing is escaped. */
export const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(text || ' ', max),
  emoji: true,
});
