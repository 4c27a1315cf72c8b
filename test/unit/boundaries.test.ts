import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const CHAT_PLATFORM_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@slack\/|botbuilder|@microsoft\/)/;

describe('architecture boundaries (DESIGN.md)', () => {
  it('the service layer and the domain import nothing from Slack, Bot Framework or Microsoft packages', () => {
    const files = [...sourceFiles('src/services'), ...sourceFiles('src/domain')];
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => CHAT_PLATFORM_IMPORT.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check itself catches such an import', () => {
    expect(CHAT_PLATFORM_IMPORT.test("import { App } from '@slack/bolt';")).toBe(true);
    expect(CHAT_PLATFORM_IMPORT.test("const b = await import('botbuilder');")).toBe(true);
    expect(CHAT_PLATFORM_IMPORT.test("import { z } from 'zod/v4';")).toBe(false);
  });
});
