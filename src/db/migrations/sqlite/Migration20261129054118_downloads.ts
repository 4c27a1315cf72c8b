import { Migration } from '@mikro-orm/migrations';

/** Private download links: a file (an export) behind a token whose hash alone is kept, for 30 minutes. */
export class Migration20261129054118_downloads extends Migration {
  override name = 'Migration20261129054118_downloads';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`downloads\` (\`id\` text not null primary key, \`account_id\` text not null, \`owner_id\` text not null, \`token_hash\` text not null, \`file_name\` text not null, \`content_type\` text not null, \`content\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`downloads\` integer not null default 0, constraint \`downloads_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade, constraint \`downloads_owner_id_foreign\` foreign key (\`owner_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`downloads_account_id_index\` on \`downloads\` (\`account_id\`);`);
    this.addSql(`create index \`downloads_owner_id_index\` on \`downloads\` (\`owner_id\`);`);
    this.addSql(`create index \`downloads_expires_at_index\` on \`downloads\` (\`expires_at\`);`);
    this.addSql(`create unique index \`downloads_token_hash_unique\` on \`downloads\` (\`token_hash\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`downloads\`;`);
  }
}
