import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261201031149_import_administrator_emails } from './Migration20261201031149_import_administrator_emails.js';
import { Migration20261201031430_review_nothing_to_revoke } from './Migration20261201031430_review_nothing_to_revoke.js';
import { Migration20261201031458_grant_changes } from './Migration20261201031458_grant_changes.js';
import { Migration20261129053918_imports } from './Migration20261129053918_imports.js';
import { Migration20261129053938_access_reviews } from './Migration20261129053938_access_reviews.js';
import { Migration20261129054119_downloads } from './Migration20261129054119_downloads.js';
import { Migration20261129090000_account_data_versions } from './Migration20261129090000_account_data_versions.js';
import { Migration20261129034145_approval_reminders } from './Migration20261129034145_approval_reminders.js';
import { Migration20261129030215_grants } from './Migration20261129030215_grants.js';
import { Migration20261129000000_user_search } from './Migration20261129000000_user_search.js';
import { Migration20261129010000_user_counts } from './Migration20261129010000_user_counts.js';
import { Migration20261128214500_rate_limits } from './Migration20261128214500_rate_limits.js';
import { Migration20261128213209_audit_client_address } from './Migration20261128213209_audit_client_address.js';
import { Migration20261128205900_link_tokens } from './Migration20261128205900_link_tokens.js';
import { Migration20261128204803_delivery_claims } from './Migration20261128204803_delivery_claims.js';
import { Migration20261125074047_approvals } from './Migration20261125074047_approvals.js';
import { Migration20261125071834_voice } from './Migration20261125071834_voice.js';
import { Migration20261125071106_initial } from './Migration20261125071106_initial.js';

/** Applied in this order; `npm run migration:create` appends new ones. */
export const postgresMigrations: MigrationObject[] = [
  { name: 'Migration20261125071106_initial', class: Migration20261125071106_initial },
  { name: 'Migration20261125071834_voice', class: Migration20261125071834_voice },
  { name: 'Migration20261125074047_approvals', class: Migration20261125074047_approvals },
  { name: 'Migration20261128204803_delivery_claims', class: Migration20261128204803_delivery_claims },
  { name: 'Migration20261128205900_link_tokens', class: Migration20261128205900_link_tokens },
  { name: 'Migration20261128213209_audit_client_address', class: Migration20261128213209_audit_client_address },
  { name: 'Migration20261128214500_rate_limits', class: Migration20261128214500_rate_limits },
  { name: 'Migration20261129000000_user_search', class: Migration20261129000000_user_search },
  { name: 'Migration20261129010000_user_counts', class: Migration20261129010000_user_counts },
  { name: 'Migration20261129030215_grants', class: Migration20261129030215_grants },
  { name: 'Migration20261129034145_approval_reminders', class: Migration20261129034145_approval_reminders },
  { name: 'Migration20261129053918_imports', class: Migration20261129053918_imports },
  { name: 'Migration20261129053938_access_reviews', class: Migration20261129053938_access_reviews },
  { name: 'Migration20261129054119_downloads', class: Migration20261129054119_downloads },
  {
    name: 'Migration20261129090000_account_data_versions',
    class: Migration20261129090000_account_data_versions,
  },
  {
    name: 'Migration20261201031149_import_administrator_emails',
    class: Migration20261201031149_import_administrator_emails,
  },
  { name: 'Migration20261201031430_review_nothing_to_revoke', class: Migration20261201031430_review_nothing_to_revoke },
  { name: 'Migration20261201031458_grant_changes', class: Migration20261201031458_grant_changes },
];
