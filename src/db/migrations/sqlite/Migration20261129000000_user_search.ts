import { Migration } from '@mikro-orm/migrations';

/** What a user search looks in, lower-cased: the same text on both databases (see src/db/user-search.ts). */
const HAYSTACK = (row: string) =>
  `lower(${row}.\`user_id\` || ' ' || ${row}.\`email\` || ' ' || ${row}.\`first_name\` || ' ' || ` +
  `${row}.\`last_name\` || ' ' || ${row}.\`label\`)`;

/**
 * A trigram full-text index over the searched text of portal users (FTS5, contentless), kept by
 * triggers, so that `users <search>` finds a substring without reading every row of the account.
 */
export class Migration20261129000000_user_search extends Migration {
  override name = 'Migration20261129000000_user_search';

  override up(): void | Promise<void> {
    this.addSql(
      `create virtual table \`portal_users_search\` using fts5(\`haystack\`, tokenize = 'trigram', ` +
        `content = '', contentless_delete = 1);`,
    );
    this.addSql(
      `insert into \`portal_users_search\` (\`rowid\`, \`haystack\`) select \`rowid\`, ${HAYSTACK('u')} ` +
        `from \`portal_users\` as u;`,
    );
    this.addSql(
      `create trigger \`portal_users_search_insert\` after insert on \`portal_users\` begin ` +
        `insert into \`portal_users_search\` (\`rowid\`, \`haystack\`) values (new.\`rowid\`, ${HAYSTACK('new')}); end;`,
    );
    this.addSql(
      `create trigger \`portal_users_search_update\` after update of \`user_id\`, \`email\`, \`first_name\`, ` +
        `\`last_name\`, \`label\` on \`portal_users\` begin ` +
        `delete from \`portal_users_search\` where \`rowid\` = old.\`rowid\`; ` +
        `insert into \`portal_users_search\` (\`rowid\`, \`haystack\`) values (new.\`rowid\`, ${HAYSTACK('new')}); end;`,
    );
    this.addSql(
      `create trigger \`portal_users_search_delete\` after delete on \`portal_users\` begin ` +
        `delete from \`portal_users_search\` where \`rowid\` = old.\`rowid\`; end;`,
    );
    // The list's order (first name, last name, User ID) within an account, so a page is not a sort.
    this.addSql(
      `create index \`portal_users_list_order_index\` on \`portal_users\` ` +
        `(\`account_id\`, \`first_name\`, \`last_name\`, \`user_id_key\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists \`portal_users_list_order_index\`;`);
    this.addSql(`drop trigger if exists \`portal_users_search_delete\`;`);
    this.addSql(`drop trigger if exists \`portal_users_search_update\`;`);
    this.addSql(`drop trigger if exists \`portal_users_search_insert\`;`);
    this.addSql(`drop table if exists \`portal_users_search\`;`);
  }
}
