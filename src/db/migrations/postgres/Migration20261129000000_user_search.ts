import { Migration } from '@mikro-orm/migrations';

/**
 * The text a user search looks in, one row per portal user, kept by a trigger, with a trigram
 * index (pg_trgm, GIN), so that `users <search>` (a LIKE on it, see src/db/user-search.ts) does
 * not read every row of the account. A table of its own rather than an expression index, so that
 * the schema the entities describe leaves it alone (it is in the schema generator's skipTables).
 * Where pg_trgm cannot be created (no contrib modules, or no right to create extensions), the
 * search still works, by a scan of that table, and a notice says why.
 */
export class Migration20261129000000_user_search extends Migration {
  override name = 'Migration20261129000000_user_search';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "portal_users_search" ("user_id" uuid not null, "haystack" text not null, ` +
        `constraint "portal_users_search_pkey" primary key ("user_id"), ` +
        `constraint "portal_users_search_user_id_foreign" foreign key ("user_id") references "portal_users" ("id") ` +
        `on delete cascade);`,
    );
    this.addSql(
      `create function "portal_users_search_sync"() returns trigger language plpgsql as $$ begin ` +
        `insert into "portal_users_search" ("user_id", "haystack") values (new."id", lower(new."user_id" || ' ' || ` +
        `new."email" || ' ' || new."first_name" || ' ' || new."last_name" || ' ' || new."label")) ` +
        `on conflict ("user_id") do update set "haystack" = excluded."haystack"; return new; end $$;`,
    );
    this.addSql(
      `create trigger "portal_users_search_sync" after insert or update of "user_id", "email", "first_name", ` +
        `"last_name", "label" on "portal_users" for each row execute function "portal_users_search_sync"();`,
    );
    this.addSql(
      `insert into "portal_users_search" ("user_id", "haystack") select "id", lower("user_id" || ' ' || "email" ` +
        `|| ' ' || "first_name" || ' ' || "last_name" || ' ' || "label") from "portal_users";`,
    );
    this.addSql(
      `do $$ begin create extension if not exists pg_trgm; exception when others then ` +
        `raise notice 'pg_trgm is not available (%): user search works without its index', sqlerrm; end $$;`,
    );
    this.addSql(
      `do $$ begin if exists (select 1 from pg_extension where extname = 'pg_trgm') then ` +
        `create index "portal_users_search_haystack_index" on "portal_users_search" using gin ("haystack" gin_trgm_ops); ` +
        `end if; end $$;`,
    );
    this.addSql(
      `create index "portal_users_list_order_index" on "portal_users" ` +
        `("account_id", "first_name", "last_name", "user_id_key");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "portal_users_list_order_index";`);
    this.addSql(`drop trigger if exists "portal_users_search_sync" on "portal_users";`);
    this.addSql(`drop function if exists "portal_users_search_sync"();`);
    this.addSql(`drop table if exists "portal_users_search";`);
  }
}
