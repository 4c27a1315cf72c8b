import { Migration } from '@mikro-orm/migrations';

/** Access reviews and their items (src/domain/entities/access-review.ts, access-review-item.ts). */
export class Migration20261129053938_access_reviews extends Migration {
  override name = 'Migration20261129053938_access_reviews';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "access_reviews" ("id" uuid not null, "account_id" uuid not null, "permission" varchar(32) not null, "field" varchar(32) not null, "level" varchar(16) not null, "started_by_id" uuid not null, "platform" varchar(16) not null, "started_at" timestamptz not null, "due_at" timestamptz not null, "state" varchar(16) not null default 'open', "closed_at" timestamptz null, "closed_by_id" uuid null, "report" jsonb null, "cards" jsonb not null, "reminders_sent" int not null default 0, "next_reminder_at" timestamptz null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "access_reviews_due_index" on "access_reviews" ("state", "due_at");`);
    this.addSql(`create index "access_reviews_open_index" on "access_reviews" ("account_id", "permission", "state");`);

    this.addSql(
      `create table "access_review_items" ("id" uuid not null, "review_id" uuid not null, "holder_id" uuid not null, "value_at_start" varchar(16) not null, "decision" varchar(16) null, "decided_by_id" uuid null, "decided_at" timestamptz null, "outcome" text null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "access_review_items_review_index" on "access_review_items" ("review_id");`);

    this.addSql(
      `alter table "access_reviews" add constraint "access_reviews_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_reviews" add constraint "access_reviews_started_by_id_foreign" foreign key ("started_by_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_reviews" add constraint "access_reviews_closed_by_id_foreign" foreign key ("closed_by_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "access_review_items" add constraint "access_review_items_review_id_foreign" foreign key ("review_id") references "access_reviews" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_review_items" add constraint "access_review_items_holder_id_foreign" foreign key ("holder_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "access_review_items" add constraint "access_review_items_decided_by_id_foreign" foreign key ("decided_by_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "access_review_items" cascade;`);
    this.addSql(`drop table if exists "access_reviews" cascade;`);
  }
}
