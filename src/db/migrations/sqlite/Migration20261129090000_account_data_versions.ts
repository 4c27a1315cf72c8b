import { Migration } from '@mikro-orm/migrations';

/**
 * One more for the account `id` (an expression over the trigger's row): inserts its row or adds one.
 * Not for an account being deleted (its users go with it, and so does its version).
 */
const BUMP = (account: string) =>
  `insert into \`account_data_versions\` (\`account_id\`, \`version\`) select ${account}, 1 ` +
  `where exists (select 1 from \`accounts\` where \`id\` = ${account}) ` +
  `on conflict (\`account_id\`) do update set \`version\` = \`version\` + 1;`;
const OF_USER = (row: string) =>
  `(select \`account_id\` from \`portal_users\` where \`id\` = ${row}.\`portal_user_id\`)`;

/** What each trigger bumps: every change to what the read path shows of an account. */
const TRIGGERS: [table: string, event: string, account: string][] = [
  ['portal_users', 'insert', 'new.`account_id`'],
  ['portal_users', 'update', 'new.`account_id`'],
  ['portal_users', 'delete', 'old.`account_id`'],
  ['portal_user_sites', 'insert', OF_USER('new')],
  ['portal_user_sites', 'update', OF_USER('new')],
  ['portal_user_sites', 'delete', OF_USER('old')],
  ['sites', 'insert', 'new.`account_id`'],
  ['sites', 'update', 'new.`account_id`'],
  ['sites', 'delete', 'old.`account_id`'],
  ['accounts', 'update', 'new.`id`'],
];

/**
 * A version per account, one more with every change to its users, their sites, its sites or the
 * account itself, kept by triggers whatever makes the change: the read path's cache
 * (services/read-cache.ts) serves a page of users again while the version is the same, at
 * every replica, and reads it afresh the moment anything changed.
 */
export class Migration20261129090000_account_data_versions extends Migration {
  override name = 'Migration20261129090000_account_data_versions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`account_data_versions\` (\`account_id\` text not null primary key, ` +
        `\`version\` integer not null default 0, ` +
        `constraint \`account_data_versions_account_id_foreign\` foreign key (\`account_id\`) ` +
        `references \`accounts\` (\`id\`) on delete cascade) without rowid;`,
    );
    for (const [table, event, account] of TRIGGERS)
      this.addSql(
        `create trigger \`${table}_data_version_${event}\` after ${event} on \`${table}\` begin ${BUMP(account)} end;`,
      );
  }

  override down(): void | Promise<void> {
    for (const [table, event] of TRIGGERS) this.addSql(`drop trigger if exists \`${table}_data_version_${event}\`;`);
    this.addSql(`drop table if exists \`account_data_versions\`;`);
  }
}
