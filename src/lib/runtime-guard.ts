/**
 * Imported first by every entry point, before anything loads MikroORM or better-sqlite3.
 * Both need Node.js 22.17 or later (better-sqlite3 13 crashes the process on Node 20), so
 * refuse to start on an older Node with one line instead of crashing later.
 */
export const MINIMUM_NODE = [22, 17] as const;

export function unsupportedNodeReason(version: string): string | null {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = MINIMUM_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  return (
    `Switchboard needs Node.js ${needMajor}.${needMinor} or later (24 LTS recommended), not ${version}. ` +
    'Install Node.js 24 LTS, or run it through npm (npm start), which uses the Node.js 24 that the project pins.'
  );
}

const reason = unsupportedNodeReason(process.version);
if (reason) {
  process.stderr.write(`${reason}\n`);
  process.exit(1);
}
