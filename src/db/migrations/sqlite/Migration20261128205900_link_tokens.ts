import { Migration } from '@mikro-orm/migrations';

export class Migration20261128205900_link_tokens extends Migration {
  override name = 'Migration20261128205900_link_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`link_tokens\` (\`id\` text not null primary key, \`token_hash\` text not null, \`invitation_id\` text null, \`password_link_id\` text null, \`outbox_message_id\` text null, \`attempt\` integer null, \`created_at\` datetime not null, constraint \`link_tokens_invitation_id_foreign\` foreign key (\`invitation_id\`) references \`invitations\` (\`id\`) on update cascade on delete cascade, constraint \`link_tokens_password_link_id_foreign\` foreign key (\`password_link_id\`) references \`password_links\` (\`id\`) on update cascade on delete cascade);`,
    );
    this.addSql(`create unique index \`link_tokens_token_hash_unique\` on \`link_tokens\` (\`token_hash\`);`);
    this.addSql(`create index \`link_tokens_invitation_index\` on \`link_tokens\` (\`invitation_id\`);`);
    this.addSql(`create index \`link_tokens_password_link_index\` on \`link_tokens\` (\`password_link_id\`);`);

    // Links mailed before this release keep working: their one token hash moves here (id: the link's own).
    this.addSql(
      `insert into \`link_tokens\` (\`id\`, \`token_hash\`, \`invitation_id\`, \`created_at\`) select \`id\`, \`token_hash\`, \`id\`, \`created_at\` from \`invitations\` where \`token_hash\` is not null;`,
    );
    this.addSql(
      `insert into \`link_tokens\` (\`id\`, \`token_hash\`, \`password_link_id\`, \`created_at\`) select \`id\`, \`token_hash\`, \`id\`, \`created_at\` from \`password_links\` where \`token_hash\` is not null;`,
    );

    this.addSql(`drop index \`password_links_token_hash_unique\`;`);
    this.addSql(`alter table \`password_links\` drop column \`token_hash\`;`);

    this.addSql(`drop index \`invitations_token_hash_unique\`;`);
    this.addSql(`alter table \`invitations\` drop column \`token_hash\`;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`link_tokens\`;`);

    this.addSql(`alter table \`invitations\` add column \`token_hash\` TEXT null;`);
    this.addSql(`create unique index \`invitations_token_hash_unique\` on \`invitations\` (\`token_hash\`);`);

    this.addSql(`alter table \`password_links\` add column \`token_hash\` TEXT null;`);
    this.addSql(`create unique index \`password_links_token_hash_unique\` on \`password_links\` (\`token_hash\`);`);
  }
}
