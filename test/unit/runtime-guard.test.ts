import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { unsupportedNodeReason } from '../../src/lib/runtime-guard.js';

describe('Node.js version guard', () => {
  it('accepts 22.17+ and every later major, Node 24 LTS included', () => {
    for (const version of ['v22.17.0', 'v22.23.3', 'v23.11.0', 'v24.0.0', 'v24.21.0', 'v26.1.0']) {
      expect(unsupportedNodeReason(version)).toBeNull();
    }
  });

  it('refuses Node 20 (end of life) and 22 before 22.17, saying what to install', () => {
    for (const version of ['v18.20.0', 'v20.20.2', 'v21.7.0', 'v22.12.0', 'v22.16.9']) {
      expect(unsupportedNodeReason(version)).toMatch(
        /^Switchboard needs Node\.js 22\.17 or later .*Install Node\.js 24 LTS/,
      );
    }
  });

  it('stops start-up with one line on stderr and exit code 1, before MikroORM loads', () => {
    const script = "Object.defineProperty(process, 'version', { value: 'v20.20.2' }); await import('./src/main.ts');";
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Switchboard needs Node\.js 22\.17 or later .*not v20\.20\.2\./),
    ]);
  });
});
