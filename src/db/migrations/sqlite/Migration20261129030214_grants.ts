import { Migration } from '@mikro-orm/migrations';

/** Time-boxed grants (src/domain/entities/grant.ts). */
export class Migration20261129030214_grants extends Migration {
  override name = 'Migration20261129030214_grants';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`grants\` (\`id\` text not null primary key, \`account_id\` text not null, \`user_id\` text not null, \`requester_id\` text not null, \`permission\` text not null, \`field\` text not null, \`granted_value\` text not null, \`previous_value\` text not null, \`reason\` text not null, \`approval_request_id\` text null, \`approvers\` json not null, \`platform\` text not null, \`state\` text not null default 'active', \`started_at\` datetime not null, \`ends_at\` datetime not null, \`ended_at\` datetime null, \`outcome\` text null, \`version\` integer not null default 1, constraint \`grants_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade, constraint \`grants_user_id_foreign\` foreign key (\`user_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade, constraint \`grants_requester_id_foreign\` foreign key (\`requester_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`grants_account_id_index\` on \`grants\` (\`account_id\`);`);
    this.addSql(`create index \`grants_user_id_index\` on \`grants\` (\`user_id\`);`);
    this.addSql(`create index \`grants_requester_id_index\` on \`grants\` (\`requester_id\`);`);
    this.addSql(`create index \`grants_due_index\` on \`grants\` (\`state\`, \`ends_at\`);`);
    this.addSql(`create index \`grants_user_index\` on \`grants\` (\`account_id\`, \`user_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`grants\`;`);
  }
}
