import { Migration } from '@mikro-orm/migrations';

/** The tables whose changes bump their account's version (the function finds the account of each). */
const TABLES = ['portal_users', 'portal_user_sites', 'sites', 'accounts'] as const;

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
      `create table "account_data_versions" ("account_id" uuid not null, "version" bigint not null default 0, ` +
        `constraint "account_data_versions_pkey" primary key ("account_id"), ` +
        `constraint "account_data_versions_account_id_foreign" foreign key ("account_id") ` +
        `references "accounts" ("id") on delete cascade);`,
    );
    this.addSql(
      `create function "account_data_version_bump"() returns trigger language plpgsql as $$ ` +
        `declare row_now record; account uuid; begin ` +
        `if tg_op = 'DELETE' then row_now := old; else row_now := new; end if; ` +
        `if tg_table_name = 'accounts' then account := row_now."id"; ` +
        `elsif tg_table_name = 'portal_user_sites' then ` +
        `select "account_id" into account from "portal_users" where "id" = row_now."portal_user_id"; ` +
        `else account := row_now."account_id"; end if; ` +
        `if exists (select 1 from "accounts" where "id" = account) then insert into "account_data_versions" ("account_id", "version") ` +
        `values (account, 1) on conflict ("account_id") ` +
        `do update set "version" = "account_data_versions"."version" + 1; end if; ` +
        `return null; end $$;`,
    );
    for (const table of TABLES) {
      const events = table === 'accounts' ? 'update' : 'insert or update or delete';
      this.addSql(
        `create trigger "${table}_data_version" after ${events} on "${table}" ` +
          `for each row execute function "account_data_version_bump"();`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const table of TABLES) this.addSql(`drop trigger if exists "${table}_data_version" on "${table}";`);
    this.addSql(`drop function if exists "account_data_version_bump"();`);
    this.addSql(`drop table if exists "account_data_versions";`);
  }
}
