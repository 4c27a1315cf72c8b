/**
 * For the MikroORM CLI (`npx mikro-orm debug`, `npx mikro-orm migration:pending`, ...):
 * reads DATABASE_URL like the app does. Migrations are created with
 * `npm run migration:create`, which writes both the SQLite and the PostgreSQL variant.
 */
import { loadConfig } from './src/config.js';
import { ormOptions } from './src/db/orm.js';

export default await ormOptions(loadConfig(process.env).database);
