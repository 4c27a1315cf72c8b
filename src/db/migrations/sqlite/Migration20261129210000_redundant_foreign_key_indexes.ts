import { Migration } from '@mikro-orm/migrations';

/** Each index dropped, with its table and column: another index of the table begins with that column. */
const REDUNDANT: [index: string, table: string, column: string][] = [
  ['access_reviews_account_id_index', 'access_reviews', 'account_id'],
  ['approval_channels_account_id_index', 'approval_channels', 'account_id'],
  ['grants_account_id_index', 'grants', 'account_id'],
  ['import_batches_account_id_index', 'import_batches', 'account_id'],
  ['invitations_account_id_index', 'invitations', 'account_id'],
  ['sites_account_id_index', 'sites', 'account_id'],
  ['voice_group_members_group_id_index', 'voice_group_members', 'group_id'],
  ['voice_groups_site_id_index', 'voice_groups', 'site_id'],
  ['voice_profiles_account_id_index', 'voice_profiles', 'account_id'],
  ['voice_profiles_site_id_index', 'voice_profiles', 'site_id'],
  ['voice_registrations_profile_id_index', 'voice_registrations', 'profile_id'],
  ['voice_sites_account_id_index', 'voice_sites', 'account_id'],
];

/**
 * The rest of the single-column foreign-key indexes MikroORM makes on SQLite that another index of
 * their table already begins with (as Migration20261129200000_redundant_indexes did for users and
 * import rows): SQLite answers the same lookups, and cascades, from the longer index, and every
 * row written no longer updates a second copy. The entities say `.index(false)` on those relations.
 * PostgreSQL never had them.
 */
export class Migration20261129210000_redundant_foreign_key_indexes extends Migration {
  override name = 'Migration20261129210000_redundant_foreign_key_indexes';

  override up(): void | Promise<void> {
    for (const [index] of REDUNDANT) this.addSql(`drop index if exists \`${index}\`;`);
  }

  override down(): void | Promise<void> {
    for (const [index, table, column] of REDUNDANT)
      this.addSql(`create index \`${index}\` on \`${table}\` (\`${column}\`);`);
  }
}
