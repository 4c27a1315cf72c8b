import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { unsupportedNodeReason } from '../../src/runtime-guard.js';

describe('Node.js version guard', () => {
  it('accepts 20.12+ and 22.12+', () => {
    for (const version of ['v20.12.0', 'v20.20.2', 'v22.12.0', 'v22.21.1']) expect(unsupportedNodeReason(version)).toBeNull();
  });

  it('refuses Node 24 and later with the reason, and too-old versions', () => {
    expect(unsupportedNodeReason('v24.19.0')).toMatch(/better-sqlite3 12 aborts the process on Node 24/);
    expect(unsupportedNodeReason('v25.0.0')).toMatch(/not v25\.0\.0/);
    for (const version of ['v18.20.0', 'v20.11.1', 'v21.7.0', 'v22.11.0', 'v23.1.0']) expect(unsupportedNodeReason(version)).toMatch(/needs Node\.js 20\.12\+ or 22\.12\+/);
  });

  it('stops start-up with one line on stderr and exit code 1', () => {
    const script = "Object.defineProperty(process, 'version', { value: 'v24.19.0' }); await import('./src/main.ts');";
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Switchboard needs Node\.js 20\.12\+ or 22\.12\+, not v24\.19\.0: better-sqlite3 12 aborts/)]);
  });
});
