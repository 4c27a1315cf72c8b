/**
 * The scenarios: what is sent to Switchboard and to its yardstick, and what counts as an error.
 * Each returns a Shot per request number; `answers` says how to find the later answer of a request
 * (a response_url post, a reply at the fake connector) to count requests never answered.
 */
import type { FakeConnector } from './fake-connector.js';
import type { FakeSlack } from './fake-slack.js';
import { SLACK_PEOPLE } from './fake-slack.js';
import type { Shot } from './load.js';
import { type Outgoing, slashCommand, teamsExecute, teamsMessage, viewSubmission } from './requests.js';
import { perfUserId } from './seed.js';

export interface Targets {
  switchboardSlack: string;
  switchboardTeams: string;
  bareSlack: string;
  bareTeams: string;
  fakeSlack: FakeSlack;
  connector: FakeConnector;
  users: number;
  /** The `user add` view as views.open received it (private_metadata included). */
  addUserView: Record<string, any>;
}

export type TargetKind = 'switchboard' | 'yardstick';

export interface Scenario {
  name: string;
  what: string;
  /** Only against Switchboard (no yardstick), at this concurrency. */
  concurrency?: number;
  yardstick?: string;
  /** The platform's deadline for the HTTP answer: Slack 3 s, Teams invoke 5 s, Bot Connector 15 s. */
  limitMs: number;
  shot(kind: TargetKind, n: number, run: string): Shot;
  /** Where a request's later answer is recorded (epoch ms), by its key; for Switchboard only. */
  answers?: { map: Map<string, number>; key: (n: number, run: string) => string; what: string };
}

/** A Slack acknowledgement: 200; a body, when there is one, not an error message. */
function slackCheck(expect?: string) {
  return (status: number, body: string): string | null => {
    if (status !== 200) return `HTTP ${status} ${body.slice(0, 160)}`;
    if (body === '') return null;
    if (/:warning:|:x:|:no_entry|not allowed|went wrong/i.test(body)) return `refused: ${body.slice(0, 200)}`;
    if (expect && !body.includes(expect)) return `answer without ${expect}: ${body.slice(0, 200)}`;
    return null;
  };
}

/**
 * A view submission's acknowledgement: 200 and empty, which closes the modal (the change was made).
 * Any `response_action` means it was not: field errors, a refusal pushed on top ("Not saved"),
 * the modal updated to a notice ("Working on it" past the deadline, "Not a portal user").
 */
function submissionCheck(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status} ${body.slice(0, 160)}`;
  const action = /"response_action":"(\w+)"/.exec(body)?.[1];
  if (action) return `response_action ${action}: ${body.slice(0, 400)}`;
  return null;
}

/** A Teams answer: 2xx; Switchboard's invoke answer is the card of `user show` (its User ID on it). */
function teamsCheck(expectCard?: string) {
  return (status: number, body: string): string | null => {
    if (status < 200 || status > 299) return `HTTP ${status} ${body.slice(0, 160)}`;
    if (expectCard && !(body.includes('application/vnd.microsoft.card.adaptive') && body.includes(expectCard)))
      return `invoke answered without the user's card: ${body.slice(0, 200)}`;
    return null;
  };
}

/**
 * Of each 50 `user add` submissions, one is an exact copy of the one sent 25 before it (same
 * trigger, same view, same signature): a delivery retried or replayed while the load goes on,
 * which must add no second user. Another adds an Administrator: a change the approval policy
 * holds until a second Administrator approves it, which must leave one pending request and no user.
 */
const MIX_EVERY = 50;
const REPLAY_LAG = 25;
const isReplay = (n: number) => n % MIX_EVERY === MIX_EVERY - 1 && n >= REPLAY_LAG;
const isHeld = (n: number) => n % MIX_EVERY === 9;
const countBelow = (requests: number, which: (n: number) => boolean) => {
  let count = 0;
  for (let n = 0; n < requests; n++) if (which(n)) count++;
  return count;
};
/** How many of a run's first `requests` submissions were replays. */
export const replaysIn = (requests: number) => countBelow(requests, isReplay);
/** How many of a run's first `requests` submissions asked to add an Administrator. */
export const heldIn = (requests: number) => countBelow(requests, isHeld);
/** What the User IDs of every run whose tag starts with `stem` start with (the rounds of a scenario). */
export const addedUserIdsOf = (stem: string) => `add${stem}`;
/** The User IDs a `user add` run gives: this prefix (`run` is its tag), then the request number. */
export const addedUserIdPrefix = (run: string) => `${addedUserIdsOf(run)}x`;

/** The n-th user a `user add` of the benchmark adds, as its form's fields (and the operation's input). */
export function addedUser(userId: string, n: number, role: 'admin' | 'regular') {
  return {
    userId,
    label: `Bench ${userId}`,
    firstName: 'Bench',
    lastName: `Added ${n}`,
    email: `${userId}@bench.example.com`,
    phone: `+1 703 555 ${String(n % 10_000).padStart(4, '0')}`,
    role,
    sendSetupEmail: true,
  };
}

const person = (n: number) => SLACK_PEOPLE[n % SLACK_PEOPLE.length]![0];
/** A searched user spread over the whole table, different for each request (no cache can answer). */
const searched = (t: Targets, n: number) => perfUserId((n * 7919 + 17) % t.users);

export function scenarios(t: Targets): Scenario[] {
  /** The submissions kept to be sent again, by target, run and request number. */
  const toReplay = new Map<string, Outgoing>();
  const slackUrl = (kind: TargetKind) => (kind === 'switchboard' ? t.switchboardSlack : t.bareSlack);
  const teamsUrl = (kind: TargetKind) => (kind === 'switchboard' ? t.switchboardTeams : t.bareTeams);
  const responseKey = (prefix: string) => (n: number, run: string) => `${prefix}-${run}-${n}`;
  return [
    {
      name: 'slack users',
      limitMs: 3_000,
      what: `/portal users (first page of ${t.users + 6} users)`,
      yardstick: 'bare Bolt',
      shot: (kind, n, run) => ({
        url: slackUrl(kind),
        outgoing: slashCommand(person(n), 'users', `users-${run}-${n}`, t.fakeSlack.base),
        check: slackCheck(),
      }),
      answers: { map: t.fakeSlack.responses, key: responseKey('users'), what: 'in the ack or by response_url' },
    },
    {
      name: 'slack search',
      limitMs: 3_000,
      what: `/portal users perfNNNNN (one of ${t.users}, varied)`,
      yardstick: 'bare Bolt',
      shot: (kind, n, run) => ({
        url: slackUrl(kind),
        outgoing: slashCommand(person(n), `users ${searched(t, n)}`, `search-${run}-${n}`, t.fakeSlack.base),
        check: slackCheck(kind === 'switchboard' ? searched(t, n) : undefined),
      }),
      answers: { map: t.fakeSlack.responses, key: responseKey('search'), what: 'in the ack or by response_url' },
    },
    {
      name: 'slack user add',
      limitMs: 3_000,
      what: 'user add view_submission (new user each time, setup email on; of each 50, one adds an Administrator, held for approval, and one replays an earlier submission)',
      yardstick: 'bare Bolt',
      shot: (kind, n, run) => {
        const url = slackUrl(kind);
        if (isReplay(n)) {
          const key = `${kind} ${run} ${n - REPLAY_LAG}`;
          const outgoing = toReplay.get(key)!;
          toReplay.delete(key);
          return { url, outgoing, check: submissionCheck };
        }
        const id = `${addedUserIdPrefix(run)}${n}`;
        const values = addedUser(id, n, isHeld(n) ? 'admin' : 'regular');
        // Slack lets only the person who opened a modal submit it: here, whoever opened the bench's form.
        const outgoing = viewSubmission(SLACK_PEOPLE[0]![0], t.addUserView, `V${id}`, values);
        if (isReplay(n + REPLAY_LAG)) toReplay.set(`${kind} ${run} ${n}`, outgoing);
        return { url, outgoing, check: submissionCheck };
      },
    },
    {
      name: 'teams message',
      limitMs: 15_000,
      what: '1:1 message "users" to /api/messages',
      yardstick: 'bare botbuilder',
      shot: (kind, n, run) => ({
        url: teamsUrl(kind),
        outgoing: teamsMessage(n, `msg-${kind}-${run}-${n}`, 'users', t.connector.url),
        check: teamsCheck(),
      }),
      answers: {
        map: t.connector.replies,
        key: (n, run) => `msg-switchboard-${run}-${n}`,
        what: 'reply posted to the fake connector',
      },
    },
    {
      name: 'teams invoke',
      limitMs: 5_000,
      what: 'Action.Execute sb.command "user show perfNNNNN" (adaptiveCard/action)',
      yardstick: 'bare botbuilder',
      shot: (kind, n, run) => ({
        url: teamsUrl(kind),
        outgoing: teamsExecute(
          n,
          `inv-${kind}-${run}-${n}`,
          'sb.command',
          { sb: { command: `user show ${searched(t, n)}`, inPlace: true } },
          t.connector.url,
        ),
        check: teamsCheck(kind === 'switchboard' ? searched(t, n) : undefined),
      }),
    },
    {
      name: 'slack search c=1',
      limitMs: 3_000,
      what: `/portal users perfNNNNN, one at a time, ${t.users} users`,
      concurrency: 1,
      shot: (kind, n, run) => ({
        url: slackUrl(kind),
        outgoing: slashCommand(person(n), `users ${searched(t, n + 5000)}`, `search1-${run}-${n}`, t.fakeSlack.base),
        check: slackCheck(searched(t, n + 5000)),
      }),
      answers: { map: t.fakeSlack.responses, key: responseKey('search1'), what: 'in the ack or by response_url' },
    },
  ];
}
