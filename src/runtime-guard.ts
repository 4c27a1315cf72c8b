/**
 * Imported first by every entry point, before anything loads better-sqlite3.
 * better-sqlite3 12 aborts the process on Node 24.19+ (see DESIGN.md, "Runtime"),
 * so refuse to start there with one line instead of crashing later.
 */
export function unsupportedNodeReason(version: string): string | null {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major >= 24) {
    return `Switchboard needs Node.js 20.12+ or 22.12+, not ${version}: better-sqlite3 12 aborts the process on Node 24 and later (support comes with MikroORM 7). Use Node 22 LTS.`;
  }
  if (major < 20 || (major === 20 && minor < 12) || major === 21 || major === 23 || (major === 22 && minor < 12)) {
    return `Switchboard needs Node.js 20.12+ or 22.12+, not ${version}. Use Node 22 LTS.`;
  }
  return null;
}

const reason = unsupportedNodeReason(process.version);
if (reason) {
  process.stderr.write(`${reason}\n`);
  process.exit(1);
}
