import { Migration } from '@mikro-orm/migrations';

export class Migration20261125074047_approvals extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "approval_requests" ("id" uuid not null, "account_id" uuid not null, "operation_name" varchar(64) not null, "operation_input" jsonb not null, "reason" varchar(200) not null, "preview" jsonb not null, "requester_id" uuid not null, "platform" varchar(16) not null, "message_ref" jsonb null, "state" varchar(16) not null default 'pending', "required" int not null default 1, "decisions" jsonb not null, "outcome" text null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "decided_at" timestamptz null, "version" int not null default 1, constraint "approval_requests_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "approval_requests_due_index" on "approval_requests" ("state", "expires_at");`);

    this.addSql(
      `create table "approval_channels" ("id" uuid not null, "account_id" uuid not null, "platform" varchar(16) not null, "channel" varchar(200) not null, "extra" jsonb not null, "set_by_id" uuid null, "set_at" timestamptz not null, constraint "approval_channels_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "approval_channels" add constraint "approval_channels_account_platform_unique" unique ("account_id", "platform");`,
    );

    this.addSql(
      `alter table "approval_requests" add constraint "approval_requests_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "approval_requests" add constraint "approval_requests_requester_id_foreign" foreign key ("requester_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "approval_channels" add constraint "approval_channels_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "approval_channels" add constraint "approval_channels_set_by_id_foreign" foreign key ("set_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "approval_requests" cascade;`);

    this.addSql(`drop table if exists "approval_channels" cascade;`);
  }
}
