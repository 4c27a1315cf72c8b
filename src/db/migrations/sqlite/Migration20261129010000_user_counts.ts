import { Migration } from '@mikro-orm/migrations';

const ADD = (row: string) =>
  `insert into \`portal_user_counts\` (\`account_id\`, \`state\`, \`users\`) values (${row}.\`account_id\`, ` +
  `${row}.\`state\`, 1) on conflict (\`account_id\`, \`state\`) do update set \`users\` = \`users\` + 1;`;
const REMOVE = (row: string) =>
  `update \`portal_user_counts\` set \`users\` = \`users\` - 1 ` +
  `where \`account_id\` = ${row}.\`account_id\` and \`state\` = ${row}.\`state\`;`;

/**
 * How many users each account has in each state, kept by triggers with the users themselves, so
 * that the list's "1 - 25 of 10,000" is one row read instead of counting 10,000 index entries.
 */
export class Migration20261129010000_user_counts extends Migration {
  override name = 'Migration20261129010000_user_counts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`portal_user_counts\` (\`account_id\` text not null, \`state\` text not null, ` +
        `\`users\` integer not null default 0, primary key (\`account_id\`, \`state\`), ` +
        `constraint \`portal_user_counts_account_id_foreign\` foreign key (\`account_id\`) ` +
        `references \`accounts\` (\`id\`) on delete cascade) without rowid;`,
    );
    this.addSql(
      `insert into \`portal_user_counts\` (\`account_id\`, \`state\`, \`users\`) ` +
        `select \`account_id\`, \`state\`, count(*) from \`portal_users\` group by \`account_id\`, \`state\`;`,
    );
    this.addSql(
      `create trigger \`portal_users_count_insert\` after insert on \`portal_users\` begin ${ADD('new')} end;`,
    );
    this.addSql(
      `create trigger \`portal_users_count_update\` after update of \`state\`, \`account_id\` on \`portal_users\` ` +
        `when old.\`state\` is not new.\`state\` or old.\`account_id\` is not new.\`account_id\` ` +
        `begin ${REMOVE('old')} ${ADD('new')} end;`,
    );
    this.addSql(
      `create trigger \`portal_users_count_delete\` after delete on \`portal_users\` begin ${REMOVE('old')} end;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists \`portal_users_count_delete\`;`);
    this.addSql(`drop trigger if exists \`portal_users_count_update\`;`);
    this.addSql(`drop trigger if exists \`portal_users_count_insert\`;`);
    this.addSql(`drop table if exists \`portal_user_counts\`;`);
  }
}
