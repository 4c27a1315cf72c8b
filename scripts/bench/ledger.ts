/**
 * What the `user add` scenario left in Switchboard's database, read after the load: each
 * submission answered without an error must have made exactly one user, with one audit event of
 * its add, one setup link and one setup email in the outbox (all written in the change's one
 * transaction), whatever the concurrency; a submission sent again (a replay) nothing more; and
 * one adding an Administrator, which the approval policy holds, one pending approval request and
 * no user. The emails are counted whether sent yet or waiting.
 */
import { openSqlite } from './seed.js';

export interface Ledger {
  /** `user add` submissions of the measured run that Switchboard answered without an error. */
  answered: number;
  /** All the measured run's submissions, answered or not. */
  submitted: number;
  /** Of the submissions, exact copies of one sent before (scenarios.ts). */
  replays: number;
  /** Of the submissions, those adding an Administrator: held for approval (scenarios.ts). */
  held: number;
  /** Users whose User ID the measured run's submissions gave (scenarios.ts, `addedUserIdPrefix`). */
  users: number;
  /** Pending approval requests to add one of those User IDs, and how many User IDs they name. */
  pendingRequests: number;
  pendingUserIds: number;
  /** Users added although a request to add them still waits for approval. */
  addedBeforeApproval: number;
  withOneAuditEvent: number;
  withOneSetupLink: number;
  withOneSetupEmail: number;
  /** Of those emails, how many the mail worker had sent when the database was read. */
  emailsSent: number;
  /** What does not add up, in words; empty when every count matches. */
  problems: string[];
}

/** The users whose User ID starts with the measured run's prefix (bound as `@prefix`, lowercase). */
const MEASURED_USERS = `select id from portal_users where instr(user_id_key, @prefix) = 1`;

const COUNTS = `
  with added as (${MEASURED_USERS}),
  setup_emails as (
    select l.user_id, count(*) as emails, sum(o.status = 'sent') as sent
    from password_links l join outbox_messages o on o.subject_id = l.id
    where o.kind = 'password-setup' and l.user_id in (select id from added)
    group by l.user_id
  ),
  per_user as (
    select
      (select count(*) from audit_events e
        where e.target_id = u.id and e.action = 'user.add' and e.outcome = 'success') as audit_events,
      (select count(*) from password_links l where l.user_id = u.id and l.purpose = 'setup') as links,
      coalesce(m.emails, 0) as emails,
      coalesce(m.sent, 0) as sent
    from added u left join setup_emails m on m.user_id = u.id
  )
  select
    count(*) as users,
    coalesce(sum(audit_events = 1), 0) as withOneAuditEvent,
    coalesce(sum(links = 1), 0) as withOneSetupLink,
    coalesce(sum(emails = 1), 0) as withOneSetupEmail,
    coalesce(sum(sent), 0) as emailsSent
  from per_user`;

/** The requests the measured run's submissions left waiting for approval. */
const HELD = `
  select json_extract(operation_input, '$.userId') as user_id from approval_requests
  where operation_name = 'user.add' and state = 'pending'
    and instr(lower(json_extract(operation_input, '$.userId')), @prefix) = 1`;

const HELD_COUNTS = `
  with held as (${HELD})
  select
    count(*) as pendingRequests,
    count(distinct user_id) as pendingUserIds,
    (select count(*) from portal_users u where u.user_id in (select user_id from held)) as addedBeforeApproval
  from held`;

/** The measured run's submissions: answered without an error, all, the replays and the held among them. */
export interface Submissions {
  answered: number;
  submitted: number;
  replays: number;
  held: number;
}

type Counts = Omit<Ledger, keyof Submissions | 'problems'>;

/**
 * Reads the counts from the database file (read-only: the server may still be sending emails) for
 * the User IDs that start with `userIdPrefix`.
 */
export function readLedger(path: string, userIdPrefix: string, submissions: Submissions): Ledger {
  const db = openSqlite(path, { readonly: true });
  try {
    const prefix = { prefix: userIdPrefix.toLowerCase() };
    const counts = {
      ...(db.prepare(COUNTS).get(prefix) as object),
      ...(db.prepare(HELD_COUNTS).get(prefix) as object),
    } as Counts;
    return { ...submissions, ...counts, problems: ledgerProblems(submissions, counts) };
  } finally {
    db.close();
  }
}

/**
 * Each submission that is neither a replay nor held adds one user. One that failed may still have
 * added its user (a timeout after the commit), so the users must number from the submissions
 * answered to all of them, less the replays and the held.
 */
export function ledgerProblems(submissions: Submissions, counts: Counts): string[] {
  const { answered, submitted, replays, held } = submissions;
  const [least, most] = [answered - replays - held, submitted - replays - held];
  const problems: string[] = [];
  if (counts.users < least || counts.users > most) {
    const range = least === most ? `${least}` : `${least} to ${most}`;
    problems.push(
      `${counts.users} users added where ${submitted} submissions (${replays} of them replays, ` +
        `${held} held for approval) should have added ${range}`,
    );
  }
  if (counts.pendingRequests !== held || counts.pendingUserIds !== held)
    problems.push(
      `${counts.pendingRequests} approval requests pending, for ${counts.pendingUserIds} User IDs, ` +
        `where ${held} submissions adding an Administrator should have left one each`,
    );
  if (counts.addedBeforeApproval > 0)
    problems.push(`users added while their request waits for approval: ${counts.addedBeforeApproval}`);
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
