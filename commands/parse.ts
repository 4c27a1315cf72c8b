import type { ParsedArgs } from './types.js';

/**
 * Splits a command line into words: double or single quotes group words
 * (`--name "Jane Doe"`), a backslash escapes the next character, smart quotes from chat
 * clients count as quotes. Throws on an unclosed quote.
 */
export function tokenize(line: string): string[] {
  const text = line.replace(/[\u201c\u201d]/g, '"').replace(/[\u2018\u2019]/g, "'");
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (quote) {
      if (c === quote) quote = null;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote} quote: close it, or put a backslash before it`);
  if (inWord) words.push(current);
  return words;
}

/** `--flag value`, `--flag=value` and bare `--flag` options, and positional words. */
export function parseArgs(words: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], flags: {} };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const flag = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(word);
    if (!flag) {
      parsed.positional.push(word);
      continue;
    }
    const [, name, inline] = flag;
    if (inline !== undefined) parsed.flags[name!] = inline;
    else if (i + 1 < words.length && !words[i + 1]!.startsWith('--')) parsed.flags[name!] = words[++i]!;
    else parsed.flags[name!] = true;
  }
  return parsed;
}
