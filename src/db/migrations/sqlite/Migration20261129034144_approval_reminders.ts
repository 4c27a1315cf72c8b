import { Migration } from '@mikro-orm/migrations';

/** When to remind the approvers of a pending request (APPROVAL_REMINDER). */
export class Migration20261129034144_approval_reminders extends Migration {
  override name = 'Migration20261129034144_approval_reminders';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`approval_requests\` add column \`reminders_sent\` integer not null default 0;`);
    this.addSql(`alter table \`approval_requests\` add column \`next_reminder_at\` datetime null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`approval_requests\` drop column \`reminders_sent\`;`);
    this.addSql(`alter table \`approval_requests\` drop column \`next_reminder_at\`;`);
  }
}
