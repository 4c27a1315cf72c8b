import { Migration } from '@mikro-orm/migrations';

/**
 * An import counts the rows that would change an Administrator's email, so that the approval
 * policy's `administrators` rule holds it as it holds `user edit` (their links go to that email).
 */
export class Migration20261201031149_import_administrator_emails extends Migration {
  override name = 'Migration20261201031149_import_administrator_emails';

  override up(): void | Promise<void> {
    this.addSql('alter table "import_batches" add "administrator_emails" int not null default 0;');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table "import_batches" drop column "administrator_emails";');
  }
}
