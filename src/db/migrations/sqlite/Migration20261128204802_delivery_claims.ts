import { Migration } from '@mikro-orm/migrations';

export class Migration20261128204802_delivery_claims extends Migration {
  override name = 'Migration20261128204802_delivery_claims';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`delivery_claims\` (\`id\` text not null primary key, \`platform\` text not null, \`delivery_key\` text not null, \`state\` text not null default 'pending', \`result\` json null, \`claimed_at\` datetime not null, \`expires_at\` datetime not null);`,
    );
    this.addSql(`create index \`delivery_claims_expires_at_index\` on \`delivery_claims\` (\`expires_at\`);`);
    this.addSql(
      `create unique index \`delivery_claims_key_unique\` on \`delivery_claims\` (\`platform\`, \`delivery_key\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`delivery_claims\`;`);
  }
}
