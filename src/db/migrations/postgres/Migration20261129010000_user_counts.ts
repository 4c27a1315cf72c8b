import { Migration } from '@mikro-orm/migrations';

/**
 * How many users each account has in each state, kept by a trigger with the users themselves, so
 * that the list's "1 - 25 of 10,000" is one row read instead of counting 10,000 index entries.
 */
export class Migration20261129010000_user_counts extends Migration {
  override name = 'Migration20261129010000_user_counts';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "portal_user_counts" ("account_id" uuid not null, "state" varchar(16) not null, ` +
        `"users" integer not null default 0, ` +
        `constraint "portal_user_counts_pkey" primary key ("account_id", "state"), ` +
        `constraint "portal_user_counts_account_id_foreign" foreign key ("account_id") ` +
        `references "accounts" ("id") on delete cascade);`,
    );
    this.addSql(
      `insert into "portal_user_counts" ("account_id", "state", "users") ` +
        `select "account_id", "state", count(*) from "portal_users" group by "account_id", "state";`,
    );
    this.addSql(
      `create function "portal_users_count"() returns trigger language plpgsql as $$ begin ` +
        `if tg_op in ('UPDATE', 'DELETE') then update "portal_user_counts" set "users" = "users" - 1 ` +
        `where "account_id" = old."account_id" and "state" = old."state"; end if; ` +
        `if tg_op in ('UPDATE', 'INSERT') then insert into "portal_user_counts" ("account_id", "state", "users") ` +
        `values (new."account_id", new."state", 1) on conflict ("account_id", "state") ` +
        `do update set "users" = "portal_user_counts"."users" + 1; end if; ` +
        `return null; end $$;`,
    );
    this.addSql(
      `create trigger "portal_users_count_insert_delete" after insert or delete on "portal_users" ` +
        `for each row execute function "portal_users_count"();`,
    );
    this.addSql(
      `create trigger "portal_users_count_update" after update of "state", "account_id" on "portal_users" ` +
        `for each row when (old."state" is distinct from new."state" or old."account_id" is distinct from ` +
        `new."account_id") execute function "portal_users_count"();`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "portal_users_count_update" on "portal_users";`);
    this.addSql(`drop trigger if exists "portal_users_count_insert_delete" on "portal_users";`);
    this.addSql(`drop function if exists "portal_users_count"();`);
    this.addSql(`drop table if exists "portal_user_counts";`);
  }
}
