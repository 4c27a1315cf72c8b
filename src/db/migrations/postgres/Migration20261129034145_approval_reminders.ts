import { Migration } from '@mikro-orm/migrations';

/** When to remind the approvers of a pending request (APPROVAL_REMINDER). */
export class Migration20261129034145_approval_reminders extends Migration {
  override name = 'Migration20261129034145_approval_reminders';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "approval_requests" add "reminders_sent" int not null default 0, add "next_reminder_at" timestamptz null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "approval_requests" drop column "reminders_sent", drop column "next_reminder_at";`);
  }
}
