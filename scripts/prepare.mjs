// `npm ci` / `npm install` run this (the `prepare` script): it compiles the TypeScript into dist/.
// Plain JavaScript on purpose: it must run on whatever Node.js runs npm.
// A production install (`npm ci --omit=dev`) has no TypeScript compiler: it keeps the dist/ built
// before, or says how to build one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tsc = 'node_modules/typescript/bin/tsc';
if (!existsSync(tsc)) {
  if (existsSync('dist/src/main.js')) {
    console.log('prepare: TypeScript is not installed (production install); keeping the dist/ that is here.');
    process.exit(0);
  }
  console.error(
    'prepare: dist/ is missing and TypeScript is not installed. Run `npm ci` first (it builds dist/), then `npm prune --omit=dev`.',
  );
  process.exit(1);
}
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(build.status ?? 1);
