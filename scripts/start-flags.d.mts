/** The flags between `node` and `dist/src/main.js` in `root`/package.json's start script. */
export function startFlags(root: string): string[];
