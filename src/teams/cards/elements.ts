/**
 * Small builders for Adaptive Card 1.5 JSON. Text from replies and forms is plain: it goes into
 * RichTextBlock/TextRun, which hosts never read as Markdown; only FactSet needs escaping.
 */

/** An Adaptive Card as sent to Teams (the tests check each against Teams' limits: test/teams/card-problems.ts). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  [key: string]: unknown;
}

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: string; title: string };

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

export interface TextStyle {
  size?: 'small' | 'default' | 'medium' | 'large';
  weight?: 'lighter' | 'default' | 'bolder';
  color?: 'default' | 'accent' | 'good' | 'warning' | 'attention';
  isSubtle?: boolean;
  fontType?: 'default' | 'monospace';
}

/** Plain text that is never parsed as Markdown. */
export function plainText(text: string, style: TextStyle = {}, extra: Record<string, unknown> = {}): CardElement {
  const styled = Object.keys(style).length > 0;
  return { type: 'RichTextBlock', inlines: [styled ? { type: 'TextRun', text, ...style } : text], ...extra };
}

/** Escapes what Teams would read as Markdown in a FactSet title or value. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]`~]/g, (c) => `\\${c}`).replace(/^([#>+-]|\d+\.)(\s)/, '\\$1$2');
}

export function card(
  body: CardElement[],
  actions: CardAction[] = [],
  extra: Record<string, unknown> = {},
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    ...extra,
  };
}

/** The bytes a card takes in an activity. */
export function cardBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The attachment that carries a card in an activity. */
export function cardAttachment(content: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content };
}
