import { expect } from 'vitest';
import { addActor } from '../support/switchboard.js';
import { messageActivity, type Member, type TeamsTest, type Where } from './support.js';

interface Person {
  member: Member;
  /** Their portal user in the test account, when they are one. */
  user?: { userId: string; firstName: string; lastName: string; role: 'admin' | 'regular' };
}

/** The people of the approval, grant and review tests, beside the account's first Administrator (Ada). */
const PEOPLE = {
  bea: {
    member: { id: '29:bea', aadObjectId: 'aad-bea', name: 'Bea Second', email: 'admin2@example.com' },
    user: { userId: 'admin2', firstName: 'Bea', lastName: 'Second', role: 'admin' },
  },
  cy: {
    member: { id: '29:cy', aadObjectId: 'aad-cy', name: 'Cy Third', email: 'admin3@example.com' },
    user: { userId: 'admin3', firstName: 'Cy', lastName: 'Third', role: 'admin' },
  },
  rita: {
    member: { id: '29:rita', aadObjectId: 'aad-rita', name: 'Rita Regular', email: 'rita@example.com' },
    user: { userId: 'rita', firstName: 'Rita', lastName: 'Regular', role: 'regular' },
  },
  /** In the tenant, not a portal user. */
  sam: { member: { id: '29:sam', aadObjectId: 'aad-sam', name: 'Sam Stranger', email: 'sam@elsewhere.example' } },
} satisfies Record<string, Person>;

/** One of them as a member of the Teams tenant and, but Sam, a portal user of the test account. */
export async function addPerson(t: TeamsTest, name: keyof typeof PEOPLE): Promise<Member> {
  const person: Person = PEOPLE[name];
  const member = t.connector.addMember(person.member);
  if (person.user) {
    const { role, ...fields } = person.user;
    await addActor(t.sb, t.acc, { ...fields, email: person.member.email! }, role);
  }
  return member;
}

/** A message in `channel` from `from`: in the thread of `messageId`, or at its root (`root-1`). */
export const inChannelOf = (t: TeamsTest, channel: string, from: Member, messageId?: string): Where => ({
  connector: t.connector,
  from,
  conversationType: 'channel',
  conversationId: `${channel};messageid=${messageId ?? 'root-1'}`,
  ...(messageId ? { replyToId: messageId } : {}),
});

/** Sends a command as a message and waits for what it set going. */
export async function say(t: TeamsTest, where: Where, text: string): Promise<void> {
  const response = await t.bot.post(messageActivity(where, text));
  expect(response.status).toBe(200);
  await t.bot.bot.state.background.idle();
}
