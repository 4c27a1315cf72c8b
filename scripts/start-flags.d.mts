/** The flags between `node` and `dist/src/main.js` in `root`/package.json's start script. */
export function startFlags(root: string): string[];

/** The variables the start script sets for the server (`NAME=value` before its `exec node`). */
export function startEnv(root: string): Record<string, string>;
