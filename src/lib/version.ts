import { existsSync, readFileSync } from 'node:fs';

/** The project's package.json: beside `src/` from source (src/lib/), beside `dist/` when compiled (dist/src/lib/). */
function packageJsonUrl(): URL {
  const candidates = ['../../package.json', '../../../package.json'].map((path) => new URL(path, import.meta.url));
  return candidates.find((url) => existsSync(url)) ?? candidates[0]!;
}

/** The version in package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packageJsonUrl(), 'utf8')) as { version: string }).version;
