import { Migration } from '@mikro-orm/migrations';

/** `users import`: the batches and their rows (src/domain/entities/import-batch.ts, import-row.ts). */
export class Migration20261129053917_imports extends Migration {
  override name = 'Migration20261129053917_imports';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`import_batches\` (\`id\` text not null primary key, \`account_id\` text not null, \`requester_id\` text not null, \`platform\` text not null, \`origin\` json not null, \`message_ref\` text null, \`file_name\` text not null, \`header\` json not null, \`state\` text not null default 'preview', \`total\` integer not null, \`to_add\` integer not null, \`to_update\` integer not null, \`invalid\` integer not null, \`sends_emails\` integer not null, \`administrators\` integer not null, \`done\` integer not null default 0, \`added\` integer not null default 0, \`updated\` integer not null default 0, \`unchanged\` integer not null default 0, \`failed\` integer not null default 0, \`reason\` text null, \`lease_owner\` text null, \`lease_until\` datetime null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`started_at\` datetime null, \`finished_at\` datetime null, constraint \`import_batches_account_id_foreign\` foreign key (\`account_id\`) references \`accounts\` (\`id\`) on update cascade on delete cascade, constraint \`import_batches_requester_id_foreign\` foreign key (\`requester_id\`) references \`portal_users\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`import_batches_account_id_index\` on \`import_batches\` (\`account_id\`);`);
    this.addSql(`create index \`import_batches_requester_id_index\` on \`import_batches\` (\`requester_id\`);`);
    this.addSql(`create index \`import_batches_due_index\` on \`import_batches\` (\`state\`, \`lease_until\`);`);
    this.addSql(
      `create index \`import_batches_account_index\` on \`import_batches\` (\`account_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`import_rows\` (\`id\` text not null primary key, \`batch_id\` text not null, \`line\` integer not null, \`action\` text null, \`state\` text not null, \`cells\` json not null, \`input\` json null, \`errors\` json null, constraint \`import_rows_batch_id_foreign\` foreign key (\`batch_id\`) references \`import_batches\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create index \`import_rows_batch_id_index\` on \`import_rows\` (\`batch_id\`);`);
    this.addSql(`create index \`import_rows_batch_index\` on \`import_rows\` (\`batch_id\`, \`state\`, \`line\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`import_rows\`;`);
    this.addSql(`drop table if exists \`import_batches\`;`);
  }
}
