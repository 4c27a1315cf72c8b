import { decodeChatEntities } from '../lib/html-entities.js';

/**
 * The text of a slash command as Slack sends it, made into the command line Switchboard
 * parses. With "escape channels, users and links" on (the manifest's should_escape), Slack
 * sends `<@U123|jo>` for a mention, `<mailto:jo@example.com|jo@example.com>` for an email it
 * linked, `<https://...|label>` for links, and `&amp; &lt; &gt;` for those characters.
 */
export function normalizeSlackText(text: string): string {
  return decodeChatEntities(
    text
      .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '<@$1>')
      .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/g, '$1')
      .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
      .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, '$1')
      .replace(/<(https?:\/\/[^|>]+)(?:\|([^>]*))?>/g, (_m, url: string, label?: string) => label || url),
  );
}

const MENTION = /^<@([UW][A-Z0-9]+)>$/;

/** The Slack user id of a `<@U123>` argument, or null. */
export function mentionedUser(token: string): string | null {
  return MENTION.exec(token)?.[1] ?? null;
}
