/** Text helpers of the Block Kit renderers: escaping for mrkdwn and clipping to Slack's limits. */

const ELLIPSIS = '…';

/** Slack's three control characters in mrkdwn (and in plain text sent as mrkdwn). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` UTF-16 units (Slack's count is never higher), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
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
