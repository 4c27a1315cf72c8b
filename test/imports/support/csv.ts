import { ImportRunner } from '../../../src/app/import-runner.js';
import { createLogger } from '../../../src/lib/logger.js';
import type { ServiceDeps } from '../../../src/services/context.js';

export const HEADER = 'User ID,First Name,Last Name,Email,Phone,Role,Sites,Send Setup Email';

/** A CSV of `count` new users: user0001 ..., every other one asking for the setup email. */
export function usersCsv(count: number, prefix = 'user'): string {
  const lines = [HEADER];
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}${String(i).padStart(5, '0')}`;
    const phone = `+1703555${String(1000 + (i % 9000)).padStart(4, '0')}`;
    lines.push(`${id},First ${i},"Last, ${i}",${id}@example.com,${phone},regular,,${i % 2 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A runner over the deps, quiet, with small chunks unless told. */
export function testRunner(deps: ServiceDeps, chunkSize = 500): ImportRunner {
  return new ImportRunner(deps, createLogger('silent'), { chunkSize, intervalMs: 60_000 });
}
