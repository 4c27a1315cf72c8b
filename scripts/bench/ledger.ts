/**
 * What the `user add` scenario left in Switchboard's database, read after the load: each
 * submission answered without an error must have made exactly one user, with one audit event of
 * its add, one setup link and one setup email in the outbox (all written in the change's one
 * transaction), whatever the concurrency, and a submission sent again (a replay) nothing more.
 * The emails are counted whether sent yet or waiting.
 */
import { openSqlite } from './seed.js';

export interface Ledger {
  /** `user add` submissions of the measured run that Switchboard answered without an error. */
  answered: number;
  /** All the measured run's submissions, answered or not. */
  submitted: number;
  /** Of the submissions, exact copies of one sent before (scenarios.ts). */
  replays: number;
  /** Users whose User ID the measured run's submissions gave (`addm…`). */
  users: number;
  withOneAuditEvent: number;
  withOneSetupLink: number;
  withOneSetupEmail: number;
  /** Of those emails, how many the mail worker had sent when the database was read. */
  emailsSent: number;
  /** What does not add up, in words; empty when every count matches. */
  problems: string[];
}

/** The scenario's User IDs: `add`, then the measured run's tag (`m…`), then `x` and the request number. */
const MEASURED_USERS = `select id from portal_users where user_id_key like 'addm%'`;

const COUNTS = `
  with added as (${MEASURED_USERS}),
  per_user as (
    select
      (select count(*) from audit_events e
        where e.target_id = u.id and e.action = 'user.add' and e.outcome = 'success') as audit_events,
      (select count(*) from password_links l where l.user_id = u.id and l.purpose = 'setup') as links,
      (select count(*) from password_links l join outbox_messages o on o.subject_id = l.id
        where l.user_id = u.id and o.kind = 'password-setup') as emails,
      (select count(*) from password_links l join outbox_messages o on o.subject_id = l.id
        where l.user_id = u.id and o.kind = 'password-setup' and o.status = 'sent') as sent
    from added u
  )
  select
    count(*) as users,
    coalesce(sum(audit_events = 1), 0) as withOneAuditEvent,
    coalesce(sum(links = 1), 0) as withOneSetupLink,
    coalesce(sum(emails = 1), 0) as withOneSetupEmail,
    coalesce(sum(sent), 0) as emailsSent
  from per_user`;

/** The measured run's submissions: answered without an error, all, and the replays among them. */
export interface Submissions {
  answered: number;
  submitted: number;
  replays: number;
}

type Counts = Omit<Ledger, 'answered' | 'submitted' | 'replays' | 'problems'>;

/** Reads the counts from the database file (read-only: the server may still be sending emails). */
export function readLedger(path: string, submissions: Submissions): Ledger {
  const db = openSqlite(path, { readonly: true });
  try {
    const counts = db.prepare(COUNTS).get() as Counts;
    return { ...submissions, ...counts, problems: ledgerProblems(submissions, counts) };
  } finally {
    db.close();
  }
}

/**
 * Each submission that is not a replay adds one user. One that failed may still have added its
 * user (a timeout after the commit), so the users must number from the submissions answered to
 * all of them, less the replays.
 */
export function ledgerProblems(submissions: Submissions, counts: Counts): string[] {
  const { answered, submitted, replays } = submissions;
  const [least, most] = [answered - replays, submitted - replays];
  const problems: string[] = [];
  if (counts.users < least || counts.users > most) {
    const range = least === most ? `${least}` : `${least} to ${most}`;
    problems.push(
      `${counts.users} users added where ${submitted} submissions (${replays} of them replays) should have added ${range}`,
    );
  }
  const each: [keyof Counts, string][] = [
    ['withOneAuditEvent', 'exactly one audit event of their add'],
    ['withOneSetupLink', 'exactly one setup link'],
    ['withOneSetupEmail', 'exactly one setup email'],
  ];
  for (const [key, what] of each)
    if (counts[key] !== counts.users)
      problems.push(`users without ${what}: ${counts.users - counts[key]} of ${counts.users}`);
  return problems;
}
