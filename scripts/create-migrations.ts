/**
 * Writes the next migration for both databases from the difference between the
 * entities and the schema the existing migrations build:
 *   npm run migration:create -- [name]
 * PostgreSQL is reached at PG_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import '../src/lib/runtime-guard.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DatabaseConfig } from '../src/config.js';
import { openDatabase } from '../src/db/orm.js';
import { createScratchDatabase } from '../src/db/scratch-database.js';

const name = process.argv[2];
const targets: { folder: string; like: DatabaseConfig }[] = [
  { folder: 'src/db/migrations/sqlite', like: { driver: 'sqlite', path: ':memory:' } },
  {
    folder: 'src/db/migrations/postgres',
    like: { driver: 'postgresql', url: process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
  },
];

for (const target of targets) {
  const scratch = await createScratchDatabase(target.like);
  const orm = await openDatabase(scratch.database);
  try {
    const result = await orm.migrator.create(target.folder, false, false, name);
    if (!result.fileName) {
      console.log(`${target.folder}: no changes`);
      continue;
    }
    const className = basename(result.fileName, '.ts');
    const index = join(target.folder, 'index.ts');
    const source = readFileSync(index, 'utf8')
      .replace(/^(import type .*\n)/m, `$1import { ${className} } from './${className}.js';\n`)
      .replace(/\] = \[([\s\S]*?)\];/, (_all, list: string) => {
        const items = list.trim() ? `${list.trimEnd().replace(/,?$/, ',')}\n` : '\n';
        return `] = [${items}  { name: '${className}', class: ${className} },\n];`;
      });
    writeFileSync(index, source);
    console.log(`${target.folder}: wrote ${result.fileName}`);
  } finally {
    await orm.close(true);
    await scratch.drop();
  }
}
