import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125070049_initial } from './Migration20261125070049_initial.js';

/** Applied in this order; `npm run migration:create` appends new ones. */
export const postgresMigrations: MigrationObject[] = [
  { name: 'Migration20261125070049_initial', class: Migration20261125070049_initial },
];
