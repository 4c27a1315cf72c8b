import { Migration } from '@mikro-orm/migrations';

/** `users import`: the batches and their rows (src/domain/entities/import-batch.ts, import-row.ts). */
export class Migration20261129053918_imports extends Migration {
  override name = 'Migration20261129053918_imports';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "import_batches" ("id" uuid not null, "account_id" uuid not null, "requester_id" uuid not null, "platform" varchar(16) not null, "origin" jsonb not null, "message_ref" varchar(500) null, "file_name" varchar(255) not null, "header" jsonb not null, "state" varchar(16) not null default 'preview', "total" int not null, "to_add" int not null, "to_update" int not null, "invalid" int not null, "sends_emails" int not null, "administrators" int not null, "done" int not null default 0, "added" int not null default 0, "updated" int not null default 0, "unchanged" int not null default 0, "failed" int not null default 0, "reason" text null, "lease_owner" varchar(64) null, "lease_until" timestamptz null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "started_at" timestamptz null, "finished_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "import_batches_due_index" on "import_batches" ("state", "lease_until");`);
    this.addSql(`create index "import_batches_account_index" on "import_batches" ("account_id", "created_at");`);

    this.addSql(
      `create table "import_rows" ("id" uuid not null, "batch_id" uuid not null, "line" int not null, "action" varchar(8) null, "state" varchar(16) not null, "cells" jsonb not null, "input" jsonb null, "errors" jsonb null, primary key ("id"));`,
    );
    this.addSql(`create index "import_rows_batch_index" on "import_rows" ("batch_id", "state", "line");`);

    this.addSql(
      `alter table "import_batches" add constraint "import_batches_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "import_batches" add constraint "import_batches_requester_id_foreign" foreign key ("requester_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "import_rows" add constraint "import_rows_batch_id_foreign" foreign key ("batch_id") references "import_batches" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "import_rows" cascade;`);
    this.addSql(`drop table if exists "import_batches" cascade;`);
  }
}
