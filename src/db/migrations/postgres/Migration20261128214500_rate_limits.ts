import { Migration } from '@mikro-orm/migrations';

/**
 * The counters of rate-limiter-flexible's PostgreSQL store (src/http/rate-limit.ts), in the
 * library's own layout, so that the signup and reset pages' limits hold across replicas. Made
 * here rather than by the library at run time. PostgreSQL only: on SQLite the counts stay in memory.
 */
export class Migration20261128214500_rate_limits extends Migration {
  override name = 'Migration20261128214500_rate_limits';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "rate_limits" ("key" varchar(255) not null, "points" int not null default 0, "expire" bigint null, ` +
        `constraint "rate_limits_pkey" primary key ("key"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rate_limits";`);
  }
}
