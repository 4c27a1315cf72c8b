import { Migration } from '@mikro-orm/migrations';

/** Time-boxed grants (src/domain/entities/grant.ts). */
export class Migration20261129030215_grants extends Migration {
  override name = 'Migration20261129030215_grants';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "grants" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "requester_id" uuid not null, "permission" varchar(32) not null, "field" varchar(32) not null, "granted_value" varchar(16) not null, "previous_value" varchar(16) not null, "reason" varchar(500) not null, "approval_request_id" uuid null, "approvers" jsonb not null, "platform" varchar(16) not null, "state" varchar(16) not null default 'active', "started_at" timestamptz not null, "ends_at" timestamptz not null, "ended_at" timestamptz null, "outcome" text null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "grants_due_index" on "grants" ("state", "ends_at");`);
    this.addSql(`create index "grants_user_index" on "grants" ("account_id", "user_id");`);

    this.addSql(
      `alter table "grants" add constraint "grants_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "grants" add constraint "grants_user_id_foreign" foreign key ("user_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "grants" add constraint "grants_requester_id_foreign" foreign key ("requester_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "grants" cascade;`);
  }
}
