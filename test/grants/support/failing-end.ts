import type { TestSwitchboard } from '../../support/switchboard.js';

/**
 * Makes the database refuse any change to one grant (a trigger, on SQLite or PostgreSQL), as a
 * conflict or a busy database would fail its end; returns how to lift it (once; later calls do nothing).
 */
export async function refuseChangesTo(sb: TestSwitchboard, grantId: string): Promise<() => Promise<void>> {
  const lift = await addTrigger(sb, grantId);
  let lifted: Promise<void> | null = null;
  return () => (lifted ??= lift());
}

async function addTrigger(sb: TestSwitchboard, grantId: string): Promise<() => Promise<void>> {
  const sql = sb.orm.em.getConnection();
  if (sb.database.driver === 'sqlite') {
    await sql.execute(
      `create trigger refuse_grant_end before update on grants when old.id = '${grantId}' ` +
        `begin select raise(abort, 'the test refuses to end this grant'); end`,
    );
    return async () => void (await sql.execute('drop trigger refuse_grant_end'));
  }
  await sql.execute(
    `create function refuse_grant_end() returns trigger language plpgsql as ` +
      `$$ begin raise exception 'the test refuses to end this grant'; end $$`,
  );
  await sql.execute(
    `create trigger refuse_grant_end before update on grants for each row ` +
      `when (old.id = '${grantId}') execute function refuse_grant_end()`,
  );
  return async () => {
    await sql.execute('drop trigger refuse_grant_end on grants');
    await sql.execute('drop function refuse_grant_end()');
  };
}
