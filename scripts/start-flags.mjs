// The Node.js flags and the environment package.json's start script runs the server with (its
// memory limits), so that the benchmark and measure:startup measure the server as `npm start` starts it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const startScript = (root) => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;

/** The flags between `node` and `dist/src/main.js` in `root`/package.json's start script. */
export function startFlags(root) {
  const start = startScript(root);
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error("package.json's start script runs no `node dist/src/main.js`");
  return flags.split(/\s+/).filter(Boolean);
}

/** The variables the start script sets for the server (`NAME=value` before its `exec node`). */
export function startEnv(root) {
  const start = startScript(root);
  const assignments = /^((?:\s*[A-Za-z_][A-Za-z0-9_]*=\S*)*)\s*exec\s+node\b/.exec(start)?.[1];
  if (assignments === undefined) throw new Error("package.json's start script does not `exec node`");
  return Object.fromEntries(
    [...assignments.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(\S*)/g)].map(([, name, value]) => [name, value]),
  );
}
