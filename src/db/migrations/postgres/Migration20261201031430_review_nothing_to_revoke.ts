import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a revoke found nothing to take away (the holder deleted, or lowered since), so that a
 * report counts it apart from the revokes that did; the revokes decided before say so in their outcome.
 */
export class Migration20261201031430_review_nothing_to_revoke extends Migration {
  override name = 'Migration20261201031430_review_nothing_to_revoke';

  override up(): void | Promise<void> {
    this.addSql(`alter table "access_review_items" add "nothing_to_revoke" boolean not null default false;`);
    this.addSql(
      `update "access_review_items" set "nothing_to_revoke" = true ` +
        `where "decision" = 'revoke' and "outcome" not like 'Revoked %';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "access_review_items" drop column "nothing_to_revoke";`);
  }
}
