import { Migration } from '@mikro-orm/migrations';

export class Migration20261125071106_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "accounts" ("id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "accounts_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "accounts" add constraint "accounts_name_unique" unique ("name");`);

    this.addSql(
      `create table "audit_events" ("id" uuid not null, "account_id" uuid null, "actor_id" uuid null, "actor_name" varchar(200) null, "platform" varchar(16) not null, "action" varchar(64) not null, "target_type" varchar(32) null, "target_id" varchar(64) null, "target_name" varchar(200) null, "before" jsonb null, "after" jsonb null, "outcome" varchar(8) not null default 'success', "error_code" varchar(64) null, "message" text null, "created_at" timestamptz not null, constraint "audit_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_events_account_index" on "audit_events" ("account_id", "created_at");`);
    this.addSql(`create index "audit_events_target_index" on "audit_events" ("target_id");`);

    this.addSql(
      `create table "outbox_messages" ("id" uuid not null, "account_id" uuid null, "kind" varchar(32) not null, "subject_id" uuid null, "recipient" varchar(254) not null, "payload" jsonb not null, "status" varchar(16) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "claimed_by" varchar(64) null, "claimed_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "outbox_messages_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outbox_messages_subject_index" on "outbox_messages" ("subject_id");`);
    this.addSql(`create index "outbox_messages_due_index" on "outbox_messages" ("status", "next_attempt_at");`);

    this.addSql(
      `create table "portal_users" ("id" uuid not null, "account_id" uuid not null, "user_id" varchar(64) not null, "user_id_key" varchar(64) not null, "label" varchar(100) not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "email" varchar(254) not null, "email_key" varchar(254) null, "phone" varchar(20) null, "state" varchar(16) not null default 'enabled', "password_hash" varchar(200) null, "password_changed_at" timestamptz null, "administrator" boolean not null default false, "access_all_sites" boolean not null default false, "invoices" varchar(8) not null default 'hide', "orders" varchar(8) not null default 'hide', "services" varchar(8) not null default 'hide', "tickets" varchar(8) not null default 'hide', "fortinet_sso" varchar(10) not null default 'off', "meraki_sso" varchar(10) not null default 'off', "velo_sso" varchar(10) not null default 'off', "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "version" int not null default 1, constraint "portal_users_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "portal_users_state_index" on "portal_users" ("account_id", "state");`);
    this.addSql(
      `alter table "portal_users" add constraint "portal_users_user_id_unique" unique ("account_id", "user_id_key");`,
    );
    this.addSql(
      `alter table "portal_users" add constraint "portal_users_email_unique" unique ("account_id", "email_key");`,
    );

    this.addSql(
      `create table "password_links" ("id" uuid not null, "user_id" uuid not null, "purpose" varchar(8) not null default 'reset', "requested_by_id" uuid null, "token_hash" varchar(64) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "password_links_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "password_links" add constraint "password_links_token_hash_unique" unique ("token_hash");`,
    );

    this.addSql(
      `create table "invitations" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "email" varchar(254) not null, "role" varchar(16) not null, "invited_by_id" uuid null, "token_hash" varchar(64) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "signup_completed_at" timestamptz null, "user_created_at" timestamptz null, constraint "invitations_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitations_account_created_index" on "invitations" ("account_id", "created_at");`);

    this.addSql(
      `create table "chat_identities" ("id" uuid not null, "platform" varchar(8) not null, "workspace_id" varchar(64) not null, "chat_user_id" varchar(64) not null, "user_id" uuid not null, "linked_by" varchar(8) not null default 'email', "verified_email" varchar(254) null, "created_at" timestamptz not null, constraint "chat_identities_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "chat_identities" add constraint "chat_identities_unique" unique ("platform", "workspace_id", "chat_user_id");`,
    );

    this.addSql(
      `create table "sites" ("id" uuid not null, "account_id" uuid not null, "name" varchar(200) not null, "account_number" varchar(32) not null, "city" varchar(64) not null, "state" varchar(2) not null, "created_at" timestamptz not null, constraint "sites_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "sites" add constraint "sites_account_number_unique" unique ("account_id", "account_number");`,
    );

    this.addSql(
      `create table "portal_user_sites" ("portal_user_id" uuid not null, "site_id" uuid not null, constraint "portal_user_sites_pkey" primary key ("portal_user_id", "site_id"));`,
    );

    this.addSql(
      `alter table "portal_users" add constraint "portal_users_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "password_links" add constraint "password_links_user_id_foreign" foreign key ("user_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "password_links" add constraint "password_links_requested_by_id_foreign" foreign key ("requested_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "invitations" add constraint "invitations_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_user_id_foreign" foreign key ("user_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_invited_by_id_foreign" foreign key ("invited_by_id") references "portal_users" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "chat_identities" add constraint "chat_identities_user_id_foreign" foreign key ("user_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sites" add constraint "sites_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "portal_user_sites" add constraint "portal_user_sites_portal_user_id_foreign" foreign key ("portal_user_id") references "portal_users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "portal_user_sites" add constraint "portal_user_sites_site_id_foreign" foreign key ("site_id") references "sites" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "portal_users" drop constraint "portal_users_account_id_foreign";`);

    this.addSql(`alter table "invitations" drop constraint "invitations_account_id_foreign";`);

    this.addSql(`alter table "sites" drop constraint "sites_account_id_foreign";`);

    this.addSql(`alter table "password_links" drop constraint "password_links_user_id_foreign";`);

    this.addSql(`alter table "password_links" drop constraint "password_links_requested_by_id_foreign";`);

    this.addSql(`alter table "invitations" drop constraint "invitations_user_id_foreign";`);

    this.addSql(`alter table "invitations" drop constraint "invitations_invited_by_id_foreign";`);

    this.addSql(`alter table "chat_identities" drop constraint "chat_identities_user_id_foreign";`);

    this.addSql(`alter table "portal_user_sites" drop constraint "portal_user_sites_portal_user_id_foreign";`);

    this.addSql(`alter table "portal_user_sites" drop constraint "portal_user_sites_site_id_foreign";`);

    this.addSql(`drop table if exists "accounts" cascade;`);

    this.addSql(`drop table if exists "audit_events" cascade;`);

    this.addSql(`drop table if exists "outbox_messages" cascade;`);

    this.addSql(`drop table if exists "portal_users" cascade;`);

    this.addSql(`drop table if exists "password_links" cascade;`);

    this.addSql(`drop table if exists "invitations" cascade;`);

    this.addSql(`drop table if exists "chat_identities" cascade;`);

    this.addSql(`drop table if exists "sites" cascade;`);

    this.addSql(`drop table if exists "portal_user_sites" cascade;`);
  }
}
