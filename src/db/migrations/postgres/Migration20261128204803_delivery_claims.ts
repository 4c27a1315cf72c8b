import { Migration } from '@mikro-orm/migrations';

export class Migration20261128204803_delivery_claims extends Migration {
  override name = 'Migration20261128204803_delivery_claims';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "delivery_claims" ("id" uuid not null, "platform" varchar(16) not null, "delivery_key" varchar(200) not null, "state" varchar(8) not null default 'pending', "result" jsonb null, "claimed_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "delivery_claims_expires_at_index" on "delivery_claims" ("expires_at");`);
    this.addSql(
      `alter table "delivery_claims" add constraint "delivery_claims_key_unique" unique ("platform", "delivery_key");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "delivery_claims" cascade;`);
  }
}
