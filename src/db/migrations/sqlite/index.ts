import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261201031148_import_administrator_emails } from './Migration20261201031148_import_administrator_emails.js';
import { Migration20261201031429_review_nothing_to_revoke } from './Migration20261201031429_review_nothing_to_revoke.js';
import { Migration20261201031457_grant_changes } from './Migration20261201031457_grant_changes.js';
import { Migration20261129053917_imports } from './Migration20261129053917_imports.js';
import { Migration20261129053936_access_reviews } from './Migration20261129053936_access_reviews.js';
import { Migration20261129054118_downloads } from './Migration20261129054118_downloads.js';
import { Migration20261129200000_redundant_indexes } from './Migration20261129200000_redundant_indexes.js';
import { Migration20261129210000_redundant_foreign_key_indexes } from './Migration20261129210000_redundant_foreign_key_indexes.js';
import { Migration20261129090000_account_data_versions } from './Migration20261129090000_account_data_versions.js';
import { Migration20261129034144_approval_reminders } from './Migration20261129034144_approval_reminders.js';
import { Migration20261129030214_grants } from './Migration20261129030214_grants.js';
import { Migration20261129000000_user_search } from './Migration20261129000000_user_search.js';
import { Migration20261129010000_user_counts } from './Migration20261129010000_user_counts.js';
import { Migration20261128213208_audit_client_address } from './Migration20261128213208_audit_client_address.js';
import { Migration20261128205900_link_tokens } from './Migration20261128205900_link_tokens.js';
import { Migration20261128204802_delivery_claims } from './Migration20261128204802_delivery_claims.js';
import { Migration20261125074046_approvals } from './Migration20261125074046_approvals.js';
import { Migration20261125071834_voice } from './Migration20261125071834_voice.js';
import { Migration20261125071105_initial } from './Migration20261125071105_initial.js';

/** Applied in this order; `npm run migration:create` appends new ones. */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261125071105_initial', class: Migration20261125071105_initial },
  { name: 'Migration20261125071834_voice', class: Migration20261125071834_voice },
  { name: 'Migration20261125074046_approvals', class: Migration20261125074046_approvals },
  { name: 'Migration20261128204802_delivery_claims', class: Migration20261128204802_delivery_claims },
  { name: 'Migration20261128205900_link_tokens', class: Migration20261128205900_link_tokens },
  { name: 'Migration20261128213208_audit_client_address', class: Migration20261128213208_audit_client_address },
  { name: 'Migration20261129000000_user_search', class: Migration20261129000000_user_search },
  { name: 'Migration20261129010000_user_counts', class: Migration20261129010000_user_counts },
  { name: 'Migration20261129030214_grants', class: Migration20261129030214_grants },
  { name: 'Migration20261129034144_approval_reminders', class: Migration20261129034144_approval_reminders },
  { name: 'Migration20261129053917_imports', class: Migration20261129053917_imports },
  { name: 'Migration20261129053936_access_reviews', class: Migration20261129053936_access_reviews },
  { name: 'Migration20261129054118_downloads', class: Migration20261129054118_downloads },
  {
    name: 'Migration20261129090000_account_data_versions',
    class: Migration20261129090000_account_data_versions,
  },
  { name: 'Migration20261129200000_redundant_indexes', class: Migration20261129200000_redundant_indexes },
  {
    name: 'Migration20261129210000_redundant_foreign_key_indexes',
    class: Migration20261129210000_redundant_foreign_key_indexes,
  },
  {
    name: 'Migration20261201031148_import_administrator_emails',
    class: Migration20261201031148_import_administrator_emails,
  },
  { name: 'Migration20261201031429_review_nothing_to_revoke', class: Migration20261201031429_review_nothing_to_revoke },
  { name: 'Migration20261201031457_grant_changes', class: Migration20261201031457_grant_changes },
];
