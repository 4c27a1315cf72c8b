import { afterAll, beforeAll, expect, it } from 'vitest';
import { acknowledgementCount as acknowledgements } from '../support/metrics.js';
import { messageActivity, startTeamsTest, type TeamsTest } from './support.js';

let t: TeamsTest;
beforeAll(async () => {
  t = await startTeamsTest();
});
afterAll(async () => t?.close());

it('observes the latency of each answered Teams activity', async () => {
  const before = await acknowledgements('teams');
  expect((await t.bot.post(messageActivity({ connector: t.connector, from: t.admin }, 'help'))).status).toBe(200);
  expect(await acknowledgements('teams')).toBe(before + 1);
  expect(await acknowledgements('slack')).toBe(0);
});
