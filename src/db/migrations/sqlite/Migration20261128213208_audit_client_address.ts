import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213208_audit_client_address extends Migration {
  override name = 'Migration20261128213208_audit_client_address';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`audit_events\` add column \`client_address\` text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`audit_events\` drop column \`client_address\`;`);
  }
}
