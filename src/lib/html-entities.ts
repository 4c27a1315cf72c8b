const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * The few HTML entities chat platforms put in the text people type (Slack `&amp; &lt; &gt;`,
 * Teams those and `&nbsp; &quot; &#39;`) as the characters, in one pass: `&amp;lt;` is `&lt;`.
 */
export function decodeChatEntities(text: string): string {
  return text.replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}
