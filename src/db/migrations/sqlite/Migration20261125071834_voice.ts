import { Migration } from '@mikro-orm/migrations';

export class Migration20261125071834_voice extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`voice_groups\` (\`id\` text not null, \`account_id\` text not null, \`site_id\` text not null, \`kind\` text check (\`kind\` in ('hunt-group', 'call-queue')) not null, \`name\` text not null, \`phone_number\` text null, \`extension\` text null, \`created_at\` datetime not null, constraint \`voice_groups_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`voice_groups_site_id_foreign\` foreign key(\`site_id\`) references \`sites\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`voice_groups_account_id_index\` on \`voice_groups\` (\`account_id\`);`);
    this.addSql(`create index \`voice_groups_site_id_index\` on \`voice_groups\` (\`site_id\`);`);
    this.addSql(
      `create unique index \`voice_groups_name_unique\` on \`voice_groups\` (\`site_id\`, \`kind\`, \`name\`);`,
    );

    this.addSql(
      `create table \`voice_profiles\` (\`id\` text not null, \`account_id\` text not null, \`site_id\` text not null, \`portal_user_id\` text null, \`name\` text not null, \`directory_first_name\` text not null, \`directory_last_name\` text not null, \`time_zone\` text null, \`phone_number\` text null, \`extension\` text null, \`caller_id_number\` text null, \`email\` text null, \`calling_plan\` text null, \`zero_out_enabled\` integer not null default false, \`zero_out_number\` text null, \`call_recording\` integer not null default false, \`fax\` integer not null default false, \`voicemail_transcription\` integer not null default false, \`audio_conferencing\` integer not null default false, \`conference_id\` text null, \`bridge_name\` text null, \`bridge_number\` text null, \`email_copies_enabled\` integer not null default false, \`email_copy_addresses\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, constraint \`voice_profiles_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`voice_profiles_site_id_foreign\` foreign key(\`site_id\`) references \`sites\`(\`id\`) on delete cascade on update cascade, constraint \`voice_profiles_portal_user_id_foreign\` foreign key(\`portal_user_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`voice_profiles_account_id_index\` on \`voice_profiles\` (\`account_id\`);`);
    this.addSql(`create index \`voice_profiles_site_id_index\` on \`voice_profiles\` (\`site_id\`);`);
    this.addSql(`create index \`voice_profiles_portal_user_id_index\` on \`voice_profiles\` (\`portal_user_id\`);`);
    this.addSql(
      `create unique index \`voice_profiles_portal_user_unique\` on \`voice_profiles\` (\`portal_user_id\`);`,
    );
    this.addSql(`create index \`voice_profiles_account_name_index\` on \`voice_profiles\` (\`account_id\`, \`name\`);`);
    this.addSql(
      `create unique index \`voice_profiles_phone_number_unique\` on \`voice_profiles\` (\`account_id\`, \`phone_number\`);`,
    );
    this.addSql(
      `create unique index \`voice_profiles_extension_unique\` on \`voice_profiles\` (\`site_id\`, \`extension\`);`,
    );

    this.addSql(
      `create table \`voice_group_members\` (\`id\` text not null, \`group_id\` text not null, \`profile_id\` text not null, \`agent\` integer not null default true, \`supervisor\` integer not null default false, constraint \`voice_group_members_group_id_foreign\` foreign key(\`group_id\`) references \`voice_groups\`(\`id\`) on delete cascade on update cascade, constraint \`voice_group_members_profile_id_foreign\` foreign key(\`profile_id\`) references \`voice_profiles\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`voice_group_members_group_id_index\` on \`voice_group_members\` (\`group_id\`);`);
    this.addSql(`create index \`voice_group_members_profile_index\` on \`voice_group_members\` (\`profile_id\`);`);
    this.addSql(
      `create unique index \`voice_group_members_unique\` on \`voice_group_members\` (\`group_id\`, \`profile_id\`);`,
    );

    this.addSql(
      `create table \`voice_e911_addresses\` (\`id\` text not null, \`profile_id\` text not null, \`house_number\` text not null, \`pre_directional\` text null, \`street_name\` text not null, \`street_suffix\` text null, \`post_directional\` text null, \`city\` text not null, \`state\` text not null, \`zip\` text not null, \`country\` text not null default 'US', \`floor\` text null, \`suite\` text null, \`room\` text null, \`validated_by\` text not null, \`verified\` integer not null default false, \`provisioning\` text null, \`changed_at\` datetime not null, \`changed_by_id\` text null, constraint \`voice_e911_addresses_profile_id_foreign\` foreign key(\`profile_id\`) references \`voice_profiles\`(\`id\`) on delete cascade on update cascade, constraint \`voice_e911_addresses_changed_by_id_foreign\` foreign key(\`changed_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(
      `create unique index \`voice_e911_addresses_profile_unique\` on \`voice_e911_addresses\` (\`profile_id\`);`,
    );
    this.addSql(
      `create index \`voice_e911_addresses_changed_by_id_index\` on \`voice_e911_addresses\` (\`changed_by_id\`);`,
    );

    this.addSql(
      `create table \`voice_credentials\` (\`id\` text not null, \`profile_id\` text not null, \`pin_hash\` text null, \`previous_pin_hash\` text null, \`pin_must_change\` integer not null default false, \`pin_source\` text null, \`pin_changed_at\` datetime null, \`pin_changed_by_id\` text null, \`pin_provisioning\` text null, \`password_hash\` text null, \`password_source\` text null, \`password_changed_at\` datetime null, \`password_changed_by_id\` text null, \`password_provisioning\` text null, constraint \`voice_credentials_profile_id_foreign\` foreign key(\`profile_id\`) references \`voice_profiles\`(\`id\`) on delete cascade on update cascade, constraint \`voice_credentials_pin_changed_by_id_foreign\` foreign key(\`pin_changed_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, constraint \`voice_credentials_password_changed_by_id_foreign\` foreign key(\`password_changed_by_id\`) references \`portal_users\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`voice_credentials_profile_unique\` on \`voice_credentials\` (\`profile_id\`);`);
    this.addSql(
      `create index \`voice_credentials_pin_changed_by_id_index\` on \`voice_credentials\` (\`pin_changed_by_id\`);`,
    );
    this.addSql(
      `create index \`voice_credentials_password_changed_by_id_index\` on \`voice_credentials\` (\`password_changed_by_id\`);`,
    );

    this.addSql(
      `create table \`voice_registrations\` (\`id\` text not null, \`profile_id\` text not null, \`registered\` integer not null default false, \`enterprise\` text not null, \`group_name\` text not null, \`username\` text not null, \`line_user_id\` text not null, \`uri\` text not null, \`device_type\` text null, \`observed_at\` datetime not null, constraint \`voice_registrations_profile_id_foreign\` foreign key(\`profile_id\`) references \`voice_profiles\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`voice_registrations_profile_id_index\` on \`voice_registrations\` (\`profile_id\`);`);
    this.addSql(
      `create unique index \`voice_registrations_uri_unique\` on \`voice_registrations\` (\`profile_id\`, \`uri\`);`,
    );

    this.addSql(
      `create table \`voice_sites\` (\`id\` text not null, \`account_id\` text not null, \`site_id\` text not null, \`name\` text not null, \`platform\` text not null, \`line_id\` text not null, \`created_at\` datetime not null, constraint \`voice_sites_account_id_foreign\` foreign key(\`account_id\`) references \`accounts\`(\`id\`) on delete cascade on update cascade, constraint \`voice_sites_site_id_foreign\` foreign key(\`site_id\`) references \`sites\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create index \`voice_sites_account_id_index\` on \`voice_sites\` (\`account_id\`);`);
    this.addSql(`create index \`voice_sites_site_id_index\` on \`voice_sites\` (\`site_id\`);`);
    this.addSql(`create unique index \`voice_sites_line_id_unique\` on \`voice_sites\` (\`account_id\`, \`line_id\`);`);
  }
}
