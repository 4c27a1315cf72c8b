import { Migration } from '@mikro-orm/migrations';

export class Migration20261128205900_link_tokens extends Migration {
  override name = 'Migration20261128205900_link_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "link_tokens" ("id" uuid not null, "token_hash" varchar(64) not null, "invitation_id" uuid null, "password_link_id" uuid null, "outbox_message_id" uuid null, "attempt" int null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "link_tokens" add constraint "link_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "link_tokens_invitation_index" on "link_tokens" ("invitation_id");`);
    this.addSql(`create index "link_tokens_password_link_index" on "link_tokens" ("password_link_id");`);

    // Links mailed before this release keep working: their one token hash moves here (id: the link's own).
    this.addSql(
      `insert into "link_tokens" ("id", "token_hash", "invitation_id", "created_at") select "id", "token_hash", "id", "created_at" from "invitations" where "token_hash" is not null;`,
    );
    this.addSql(
      `insert into "link_tokens" ("id", "token_hash", "password_link_id", "created_at") select "id", "token_hash", "id", "created_at" from "password_links" where "token_hash" is not null;`,
    );

    this.addSql(`alter table "password_links" drop constraint "password_links_token_hash_unique";`);
    this.addSql(`alter table "password_links" drop column "token_hash";`);

    this.addSql(`alter table "invitations" drop constraint "invitations_token_hash_unique";`);
    this.addSql(`alter table "invitations" drop column "token_hash";`);

    this.addSql(
      `alter table "link_tokens" add constraint "link_tokens_invitation_id_foreign" foreign key ("invitation_id") references "invitations" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "link_tokens" add constraint "link_tokens_password_link_id_foreign" foreign key ("password_link_id") references "password_links" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "link_tokens" cascade;`);

    this.addSql(`alter table "invitations" add "token_hash" varchar(64) null;`);
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "password_links" add "token_hash" varchar(64) null;`);
    this.addSql(
      `alter table "password_links" add constraint "password_links_token_hash_unique" unique ("token_hash");`,
    );
  }
}
