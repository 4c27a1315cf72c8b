import { Migration } from '@mikro-orm/migrations';

/** Who set a grant's area on purpose while it ran, and when; who revoked it (src/domain/entities/grant.ts). */
export class Migration20261201031457_grant_changes extends Migration {
  override name = 'Migration20261201031457_grant_changes';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`grants\` add column \`changed_by\` text null;`);
    this.addSql(`alter table \`grants\` add column \`changed_at\` datetime null;`);
    this.addSql(`alter table \`grants\` add column \`revoked_by_id\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`grants\` drop column \`changed_by\`;`);
    this.addSql(`alter table \`grants\` drop column \`changed_at\`;`);
    this.addSql(`alter table \`grants\` drop column \`revoked_by_id\`;`);
  }
}
