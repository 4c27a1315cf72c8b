import { Migration } from '@mikro-orm/migrations';

export class Migration20261125074046_approvals extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`approval_requests\` (\`id\` text not null, \`account_id\` text not null, \`operation_name\` text not null, \`operation_input\` json not null, \`reason\` text not null, \`preview\` json not null, \`requester_id\` text not null, \`platform\` text not null, \`message_ref\` json null, \`state\` text not null default 'pending', \`required\` integer not null default 1, \`decisions\` json not null, \`outcome\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`decided_at\` datetime null, \`version\` integer not null default 1, constraint \`approval_requests_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`approval_requests_requester_id_foreign\` foreign key(\`requester_id\`) references \`portal_users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`approval_requests_account_id_index\` on \`approval_requests\` (\`account_id\`);`);
    this.addSql(`create index \`approval_requests_requester_id_index\` on \`approval_requests\` (\`requester_id\`);`);
    this.addSql(`create index \`approval_requests_due_index\` on \`approval_requests\` (\`state\`, \`expires_at\`);`);

    this.addSql(
      `create table \`approval_channels\` (\`id\` text not null, \`account_id\` text not null, \`platform\` text not null, \`channel\` text not null, \`extra\` json not null, \`set_by_id\` text null, \`set_at\` datetime not null, constraint \`approval_channels_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`approval_channels_set_by_id_foreign\` foreign key(\`set_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`approval_channels_account_id_index\` on \`approval_channels\` (\`account_id\`);`);
    this.addSql(`create index \`approval_channels_set_by_id_index\` on \`approval_channels\` (\`set_by_id\`);`);
    this.addSql(
      `create unique index \`approval_channels_account_platform_unique\` on \`approval_channels\` (\`account_id\`, \`platform\`);`,
    );
  }
}
