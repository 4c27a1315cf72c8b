import { Migration } from '@mikro-orm/migrations';

/** Access reviews and their items (src/domain/entities/access-review.ts, access-review-item.ts). */
export class Migration20261129053936_access_reviews extends Migration {
  override name = 'Migration20261129053936_access_reviews';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`access_reviews\` (\`id\` text not null primary key, \`account_id\` text not null, \`permission\` text not null, \`field\` text not null, \`level\` text not null, \`started_by_id\` text not null, \`platform\` text not null, \`started_at\` datetime not null, \`due_at\` datetime not null, \`state\` text not null default 'open', \`closed_at\` datetime null, \`closed_by_id\` text null, \`report\` json null, \`cards\` json not null, \`reminders_sent\` integer not null default 0, \`next_reminder_at\` datetime null, \`version\` integer not null default 1, constraint \`access_reviews_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade, constraint \`access_reviews_started_by_id_foreign\` foreign key (\`started_by_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade, constraint \`access_reviews_closed_by_id_foreign\` foreign key (\`closed_by_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`access_reviews_account_id_index\` on \`access_reviews\` (\`account_id\`);`);
    this.addSql(`create index \`access_reviews_started_by_id_index\` on \`access_reviews\` (\`started_by_id\`);`);
    this.addSql(`create index \`access_reviews_closed_by_id_index\` on \`access_reviews\` (\`closed_by_id\`);`);
    this.addSql(`create index \`access_reviews_due_index\` on \`access_reviews\` (\`state\`, \`due_at\`);`);
    this.addSql(
      `create index \`access_reviews_open_index\` on \`access_reviews\` (\`account_id\`, \`permission\`, \`state\`);`,
    );

    this.addSql(
      `create table \`access_review_items\` (\`id\` text not null primary key, \`review_id\` text not null, \`holder_id\` text not null, \`value_at_start\` text not null, \`decision\` text null, \`decided_by_id\` text null, \`decided_at\` datetime null, \`outcome\` text null, \`version\` integer not null default 1, constraint \`access_review_items_review_id_foreign\` foreign key (\`review_id\`) references \`access_reviews\` (\`id\`) on update cascade on delete cascade, constraint \`access_review_items_holder_id_foreign\` foreign key (\`holder_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade, constraint \`access_review_items_decided_by_id_foreign\` foreign key (\`decided_by_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`access_review_items_holder_id_index\` on \`access_review_items\` (\`holder_id\`);`);
    this.addSql(
      `create index \`access_review_items_decided_by_id_index\` on \`access_review_items\` (\`decided_by_id\`);`,
    );
    this.addSql(`create index \`access_review_items_review_index\` on \`access_review_items\` (\`review_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`access_review_items\`;`);
    this.addSql(`drop table if exists \`access_reviews\`;`);
  }
}
