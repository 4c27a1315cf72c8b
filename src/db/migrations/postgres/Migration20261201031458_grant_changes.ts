import { Migration } from '@mikro-orm/migrations';

/** Who set a grant's area on purpose while it ran, and when; who revoked it (src/domain/entities/grant.ts). */
export class Migration20261201031458_grant_changes extends Migration {
  override name = 'Migration20261201031458_grant_changes';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "grants" add "changed_by" varchar(200) null, add "changed_at" timestamptz null, add "revoked_by_id" uuid null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "grants" drop column "changed_by", drop column "changed_at", drop column "revoked_by_id";`,
    );
  }
}
