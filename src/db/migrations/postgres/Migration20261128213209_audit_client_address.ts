import { Migration } from '@mikro-orm/migrations';

export class Migration20261128213209_audit_client_address extends Migration {
  override name = 'Migration20261128213209_audit_client_address';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_events" add "client_address" varchar(45) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_events" drop column "client_address";`);
  }
}
