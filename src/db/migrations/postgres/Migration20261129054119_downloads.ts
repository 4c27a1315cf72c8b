import { Migration } from '@mikro-orm/migrations';

/** Private download links: a file (an export) behind a token whose hash alone is kept, for 30 minutes. */
export class Migration20261129054119_downloads extends Migration {
  override name = 'Migration20261129054119_downloads';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "downloads" ("id" uuid not null, "account_id" uuid not null, "owner_id" uuid not null, "token_hash" varchar(64) not null, "file_name" varchar(200) not null, "content_type" varchar(100) not null, "content" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "downloads" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "downloads_expires_at_index" on "downloads" ("expires_at");`);
    this.addSql(`alter table "downloads" add constraint "downloads_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `alter table "downloads" add constraint "downloads_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "downloads" add constraint "downloads_owner_id_foreign" foreign key ("owner_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "downloads" cascade;`);
  }
}
