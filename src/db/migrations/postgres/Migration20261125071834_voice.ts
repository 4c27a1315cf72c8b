import { Migration } from '@mikro-orm/migrations';

export class Migration20261125071834_voice extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "voice_groups" ("id" uuid not null, "account_id" uuid not null, "site_id" uuid not null, "kind" text check ("kind" in ('hunt-group', 'call-queue')) not null, "name" varchar(100) not null, "phone_number" varchar(20) null, "extension" varchar(8) null, "created_at" timestamptz not null, constraint "voice_groups_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_groups" add constraint "voice_groups_name_unique" unique ("site_id", "kind", "name");`,
    );

    this.addSql(
      `create table "voice_profiles" ("id" uuid not null, "account_id" uuid not null, "site_id" uuid not null, "portal_user_id" uuid null, "name" varchar(100) not null, "directory_first_name" varchar(100) not null, "directory_last_name" varchar(100) not null, "time_zone" varchar(64) null, "phone_number" varchar(20) null, "extension" varchar(8) null, "caller_id_number" varchar(20) null, "email" varchar(254) null, "calling_plan" varchar(100) null, "zero_out_enabled" boolean not null default false, "zero_out_number" varchar(20) null, "call_recording" boolean not null default false, "fax" boolean not null default false, "voicemail_transcription" boolean not null default false, "audio_conferencing" boolean not null default false, "conference_id" varchar(32) null, "bridge_name" varchar(100) null, "bridge_number" varchar(20) null, "email_copies_enabled" boolean not null default false, "email_copy_addresses" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "voice_profiles_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_portal_user_unique" unique ("portal_user_id");`,
    );
    this.addSql(`create index "voice_profiles_account_name_index" on "voice_profiles" ("account_id", "name");`);
    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_phone_number_unique" unique ("account_id", "phone_number");`,
    );
    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_extension_unique" unique ("site_id", "extension");`,
    );

    this.addSql(
      `create table "voice_group_members" ("id" uuid not null, "group_id" uuid not null, "profile_id" uuid not null, "agent" boolean not null default true, "supervisor" boolean not null default false, constraint "voice_group_members_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "voice_group_members_profile_index" on "voice_group_members" ("profile_id");`);
    this.addSql(
      `alter table "voice_group_members" add constraint "voice_group_members_unique" unique ("group_id", "profile_id");`,
    );

    this.addSql(
      `create table "voice_e911_addresses" ("id" uuid not null, "profile_id" uuid not null, "house_number" varchar(10) not null, "pre_directional" varchar(2) null, "street_name" varchar(60) not null, "street_suffix" varchar(4) null, "post_directional" varchar(2) null, "city" varchar(64) not null, "state" varchar(2) not null, "zip" varchar(10) not null, "country" varchar(2) not null default 'US', "floor" varchar(20) null, "suite" varchar(20) null, "room" varchar(20) null, "validated_by" varchar(32) not null, "verified" boolean not null default false, "provisioning" varchar(10) null, "changed_at" timestamptz not null, "changed_by_id" uuid null, constraint "voice_e911_addresses_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_e911_addresses" add constraint "voice_e911_addresses_profile_unique" unique ("profile_id");`,
    );

    this.addSql(
      `create table "voice_credentials" ("id" uuid not null, "profile_id" uuid not null, "pin_hash" varchar(200) null, "previous_pin_hash" varchar(200) null, "pin_must_change" boolean not null default false, "pin_source" varchar(10) null, "pin_changed_at" timestamptz null, "pin_changed_by_id" uuid null, "pin_provisioning" varchar(10) null, "password_hash" varchar(200) null, "password_source" varchar(10) null, "password_changed_at" timestamptz null, "password_changed_by_id" uuid null, "password_provisioning" varchar(10) null, constraint "voice_credentials_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_credentials" add constraint "voice_credentials_profile_unique" unique ("profile_id");`,
    );

    this.addSql(
      `create table "voice_registrations" ("id" uuid not null, "profile_id" uuid not null, "registered" boolean not null default false, "enterprise" varchar(200) not null, "group_name" varchar(200) not null, "username" varchar(100) not null, "line_user_id" varchar(254) not null, "uri" varchar(500) not null, "device_type" varchar(64) null, "observed_at" timestamptz not null, constraint "voice_registrations_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_registrations" add constraint "voice_registrations_uri_unique" unique ("profile_id", "uri");`,
    );

    this.addSql(
      `create table "voice_sites" ("id" uuid not null, "account_id" uuid not null, "site_id" uuid not null, "name" varchar(200) not null, "platform" varchar(64) not null, "line_id" varchar(32) not null, "created_at" timestamptz not null, constraint "voice_sites_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "voice_sites" add constraint "voice_sites_line_id_unique" unique ("account_id", "line_id");`,
    );

    this.addSql(
      `alter table "voice_groups" add constraint "voice_groups_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_groups" add constraint "voice_groups_site_id_foreign" foreign key ("site_id") references "sites" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_site_id_foreign" foreign key ("site_id") references "sites" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_profiles" add constraint "voice_profiles_portal_user_id_foreign" foreign key ("portal_user_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "voice_group_members" add constraint "voice_group_members_group_id_foreign" foreign key ("group_id") references "voice_groups" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_group_members" add constraint "voice_group_members_profile_id_foreign" foreign key ("profile_id") references "voice_profiles" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "voice_e911_addresses" add constraint "voice_e911_addresses_profile_id_foreign" foreign key ("profile_id") references "voice_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_e911_addresses" add constraint "voice_e911_addresses_changed_by_id_foreign" foreign key ("changed_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "voice_credentials" add constraint "voice_credentials_profile_id_foreign" foreign key ("profile_id") references "voice_profiles" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_credentials" add constraint "voice_credentials_pin_changed_by_id_foreign" foreign key ("pin_changed_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "voice_credentials" add constraint "voice_credentials_password_changed_by_id_foreign" foreign key ("password_changed_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "voice_registrations" add constraint "voice_registrations_profile_id_foreign" foreign key ("profile_id") references "voice_profiles" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "voice_sites" add constraint "voice_sites_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "voice_sites" add constraint "voice_sites_site_id_foreign" foreign key ("site_id") references "sites" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "voice_group_members" drop constraint "voice_group_members_group_id_foreign";`);

    this.addSql(`alter table "voice_group_members" drop constraint "voice_group_members_profile_id_foreign";`);

    this.addSql(`alter table "voice_e911_addresses" drop constraint "voice_e911_addresses_profile_id_foreign";`);

    this.addSql(`alter table "voice_credentials" drop constraint "voice_credentials_profile_id_foreign";`);

    this.addSql(`alter table "voice_registrations" drop constraint "voice_registrations_profile_id_foreign";`);

    this.addSql(`drop table if exists "voice_groups" cascade;`);

    this.addSql(`drop table if exists "voice_profiles" cascade;`);

    this.addSql(`drop table if exists "voice_group_members" cascade;`);

    this.addSql(`drop table if exists "voice_e911_addresses" cascade;`);

    this.addSql(`drop table if exists "voice_credentials" cascade;`);

    this.addSql(`drop table if exists "voice_registrations" cascade;`);

    this.addSql(`drop table if exists "voice_sites" cascade;`);
  }
}
