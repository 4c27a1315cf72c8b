import { Migration } from '@mikro-orm/migrations';

/**
 * Drops two single-column indexes that other indexes of their tables already begin with
 * (portal_users: the account, first in all four others; import_rows: the batch, first in
 * import_rows_batch_index), so SQLite uses those for the same lookups. Each cost every insert a page:
 * a user added wrote 35 pages to the WAL, this one among them. PostgreSQL never had them.
 */
export class Migration20261129200000_redundant_indexes extends Migration {
  override name = 'Migration20261129200000_redundant_indexes';

  override up(): void | Promise<void> {
    this.addSql('drop index if exists `portal_users_account_id_index`;');
    this.addSql('drop index if exists `import_rows_batch_id_index`;');
  }

  override down(): void | Promise<void> {
    this.addSql('create index `portal_users_account_id_index` on `portal_users` (`account_id`);');
    this.addSql('create index `import_rows_batch_id_index` on `import_rows` (`batch_id`);');
  }
}
