import { Migration } from '@mikro-orm/migrations';

export class Migration20261125071105_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`accounts\` (\`id\` text not null, \`name\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`accounts_name_unique\` on \`accounts\` (\`name\`);`);

    this.addSql(
      `create table \`audit_events\` (\`id\` text not null, \`account_id\` text null, \`actor_id\` text null, \`actor_name\` text null, \`platform\` text not null, \`action\` text not null, \`target_type\` text null, \`target_id\` text null, \`target_name\` text null, \`before\` json null, \`after\` json null, \`outcome\` text not null default 'success', \`error_code\` text null, \`message\` text null, \`created_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`audit_events_account_index\` on \`audit_events\` (\`account_id\`, \`created_at\`);`);
    this.addSql(`create index \`audit_events_target_index\` on \`audit_events\` (\`target_id\`);`);

    this.addSql(
      `create table \`outbox_messages\` (\`id\` text not null, \`account_id\` text null, \`kind\` text not null, \`subject_id\` text null, \`recipient\` text not null, \`payload\` json not null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`claimed_by\` text null, \`claimed_until\` datetime null, \`last_error\` text null, \`created_at\` datetime not null, \`sent_at\` datetime null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`outbox_messages_subject_index\` on \`outbox_messages\` (\`subject_id\`);`);
    this.addSql(`create index \`outbox_messages_due_index\` on \`outbox_messages\` (\`status\`, \`next_attempt_at\`);`);

    this.addSql(
      `create table \`portal_users\` (\`id\` text not null, \`account_id\` text not null, \`user_id\` text not null, \`user_id_key\` text not null, \`label\` text not null, \`first_name\` text not null, \`last_name\` text not null, \`email\` text not null, \`email_key\` text null, \`phone\` text null, \`state\` text not null default 'enabled', \`password_hash\` text null, \`password_changed_at\` datetime null, \`administrator\` integer not null default false, \`access_all_sites\` integer not null default false, \`invoices\` text not null default 'hide', \`orders\` text not null default 'hide', \`services\` text not null default 'hide', \`tickets\` text not null default 'hide', \`fortinet_sso\` text not null default 'off', \`meraki_sso\` text not null default 'off', \`velo_sso\` text not null default 'off', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`deleted_at\` datetime null, \`version\` integer not null default 1, constraint \`portal_users_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`portal_users_account_id_index\` on \`portal_users\` (\`account_id\`);`);
    this.addSql(`create index \`portal_users_state_index\` on \`portal_users\` (\`account_id\`, \`state\`);`);
    this.addSql(
      `create unique index \`portal_users_user_id_unique\` on \`portal_users\` (\`account_id\`, \`user_id_key\`);`,
    );
    this.addSql(
      `create unique index \`portal_users_email_unique\` on \`portal_users\` (\`account_id\`, \`email_key\`);`,
    );

    this.addSql(
      `create table \`password_links\` (\`id\` text not null, \`user_id\` text not null, \`purpose\` text not null default 'reset', \`requested_by_id\` text null, \`token_hash\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`revoked_at\` datetime null, constraint \`password_links_user_id_foreign\` foreign key(\`user_id\`) references \`portal_users\`(\`id\`) on delete cascade on update cascade, constraint \`password_links_requested_by_id_foreign\` foreign key(\`requested_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`password_links_user_id_index\` on \`password_links\` (\`user_id\`);`);
    this.addSql(`create index \`password_links_requested_by_id_index\` on \`password_links\` (\`requested_by_id\`);`);
    this.addSql(`create unique index \`password_links_token_hash_unique\` on \`password_links\` (\`token_hash\`);`);

    this.addSql(
      `create table \`invitations\` (\`id\` text not null, \`account_id\` text not null, \`user_id\` text not null, \`email\` text not null, \`role\` text not null, \`invited_by_id\` text null, \`token_hash\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`signup_completed_at\` datetime null, \`user_created_at\` datetime null, constraint \`invitations_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`invitations_user_id_foreign\` foreign key(\`user_id\`) references \`portal_users\`(\`id\`) on delete cascade on update cascade, constraint \`invitations_invited_by_id_foreign\` foreign key(\`invited_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`invitations_account_id_index\` on \`invitations\` (\`account_id\`);`);
    this.addSql(`create index \`invitations_user_id_index\` on \`invitations\` (\`user_id\`);`);
    this.addSql(`create index \`invitations_invited_by_id_index\` on \`invitations\` (\`invited_by_id\`);`);
    this.addSql(`create unique index \`invitations_token_hash_unique\` on \`invitations\` (\`token_hash\`);`);
    this.addSql(
      `create index \`invitations_account_created_index\` on \`invitations\` (\`account_id\`, \`created_at\`);`,
    );

    this.addSql(
      `create table \`chat_identities\` (\`id\` text not null, \`platform\` text not null, \`workspace_id\` text not null, \`chat_user_id\` text not null, \`user_id\` text not null, \`linked_by\` text not null default 'email', \`verified_email\` text null, \`created_at\` datetime not null, constraint \`chat_identities_user_id_foreign\` foreign key(\`user_id\`) references \`portal_users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`chat_identities_user_id_index\` on \`chat_identities\` (\`user_id\`);`);
    this.addSql(
      `create unique index \`chat_identities_unique\` on \`chat_identities\` (\`platform\`, \`workspace_id\`, \`chat_user_id\`);`,
    );

    this.addSql(
      `create table \`sites\` (\`id\` text not null, \`account_id\` text not null, \`name\` text not null, \`account_number\` text not null, \`city\` text not null, \`state\` text not null, \`created_at\` datetime not null, constraint \`sites_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`sites_account_id_index\` on \`sites\` (\`account_id\`);`);
    this.addSql(
      `create unique index \`sites_account_number_unique\` on \`sites\` (\`account_id\`, \`account_number\`);`,
    );

    this.addSql(
      `create table \`portal_user_sites\` (\`portal_user_id\` text not null, \`site_id\` text not null, constraint \`portal_user_sites_portal_user_id_foreign\` foreign key(\`portal_user_id\`) references \`portal_users\`(\`id\`) on delete cascade on update cascade, constraint \`portal_user_sites_site_id_foreign\` foreign key(\`site_id\`) references \`sites\`(\`id\`) on delete cascade on update cascade, primary key (\`portal_user_id\`, \`site_id\`));`,
    );
    this.addSql(
      `create index \`portal_user_sites_portal_user_id_index\` on \`portal_user_sites\` (\`portal_user_id\`);`,
    );
    this.addSql(`create index \`portal_user_sites_site_id_index\` on \`portal_user_sites\` (\`site_id\`);`);
  }
}
