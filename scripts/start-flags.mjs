// The Node.js flags package.json's start script runs the server with (its memory limits), so that
// the benchmark and measure:startup measure the server as `npm start` starts it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The flags between `node` and `dist/src/main.js` in `root`/package.json's start script. */
export function startFlags(root) {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const flags = /\bnode((?:\s+--\S+)*)\s+dist\/src\/main\.js/.exec(start)?.[1];
  if (flags === undefined) throw new Error("package.json's start script runs no `node dist/src/main.js`");
  return flags.split(/\s+/).filter(Boolean);
}
