import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addActor } from '../support/switchboard.js';
import { cardText, lastPostedCard, messageActivity, startTeamsTest, type TeamsTest } from './support.js';

/**
 * Microsoft 365 Agents Playground's Bot Connector knows a member by the channel user id it puts
 * in `from.id`, and answers 404 for the AAD object id it also sends (`from.aadObjectId`); Teams
 * answers both. The fake connector here is the Playground's kind.
 */
let t: TeamsTest;
beforeAll(async () => {
  t = await startTeamsTest();
  t.connector.membersByAadObjectId = false;
});
afterAll(async () => t?.close());

describe('who is writing, against a connector that knows members only by from.id', () => {
  it("the Playground's default user, an enabled Administrator by email, is served; the member is asked for by from.id", async () => {
    await addActor(t.sb, t.acc, { userId: 'alexw', email: 'alexw@example.com', firstName: 'Alex', lastName: 'Wilber' });
    const alex = t.connector.addMember({
      id: '29:1-alex-wilber',
      aadObjectId: '00000000-0000-0000-0000-0000000000a1',
      name: 'Alex Wilber',
      email: 'alexw@example.com',
    });
    t.connector.reset();
    const response = await t.bot.post(messageActivity({ connector: t.connector, from: alex }, 'user show alexw'));
    expect(response.status).toBe(200);
    const answer = cardText(lastPostedCard(t.connector));
    expect(answer).not.toContain('not an enabled portal user');
    expect(answer).toContain('alexw@example.com');
    expect(t.connector.memberLookupPaths()).toEqual([alex.id]);
  });

  it('a mentioned member is looked up by their channel user id too', async () => {
    await addActor(
      t.sb,
      t.acc,
      { userId: 'meg', email: 'meganb@example.com', firstName: 'Megan', lastName: 'Bowen' },
      'regular',
    );
    const megan = t.connector.addMember({
      id: '29:1-megan-bowen',
      aadObjectId: '00000000-0000-0000-0000-0000000000b2',
      name: 'Megan Bowen',
      email: 'meganb@example.com',
    });
    const mention = { type: 'mention', text: '<at>Megan Bowen</at>', mentioned: { id: megan.id, name: megan.name } };
    const activity = messageActivity({ connector: t.connector, from: t.admin }, 'user show <at>Megan Bowen</at>', [
      mention,
    ]);
    const response = await t.bot.post(activity);
    expect(response.status).toBe(200);
    expect(cardText(lastPostedCard(t.connector))).toContain('meganb@example.com');
  });

  it('someone the connector does not know is still refused, as before', async () => {
    const ghost = { id: '29:ghost', aadObjectId: '00000000-0000-0000-0000-0000000000c3', name: 'Ghost' };
    const response = await t.bot.post(messageActivity({ connector: t.connector, from: ghost }, 'users'));
    expect(response.status).toBe(200);
    expect(cardText(lastPostedCard(t.connector))).toContain('not an enabled portal user');
  });
});
