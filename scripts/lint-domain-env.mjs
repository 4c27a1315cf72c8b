// Part of `npm run lint`: the domain reads no environment variable (configuration is parsed once,
// in src/config.ts, and handed in). dependency-cruiser checks imports (no fs in the domain); this
// checks the ways to the environment that are not an import of a file module.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'src/domain';
/** process.env, process['env'], the `process` module (its `env`), import.meta.env. */
const READS_ENVIRONMENT =
  /\bprocess\s*(\.|\?\.)\s*env\b|\bprocess\s*\[\s*['"`]env['"`]\s*\]|['"](node:)?process['"]|\bimport\.meta\.env\b/;
const files = readdirSync(root, { recursive: true }).filter((name) => String(name).endsWith('.ts'));
const offenders = files.flatMap((name) => {
  const path = join(root, String(name));
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, index) => (READS_ENVIRONMENT.test(line) ? [`${path}:${index + 1}: ${line.trim()}`] : []));
});
if (offenders.length > 0) {
  console.error(
    `The domain reads the environment (give it the value from src/config.ts instead):\n${offenders.join('\n')}`,
  );
  process.exit(1);
}
