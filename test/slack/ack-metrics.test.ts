import { afterAll, beforeAll, expect, it } from 'vitest';
import { acknowledgementCount as acknowledgements } from '../support/metrics.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

it('observes the acknowledgement latency of every signed Slack request', async () => {
  const admin = await h.admin();
  const before = await acknowledgements('slack');
  expect((await h.command(admin.person, 'help')).status).toBe(200);
  expect((await h.command(admin.person, 'users')).status).toBe(200);
  await h.settle();
  expect(await acknowledgements('slack')).toBe(before + 2);
  expect(await acknowledgements('teams')).toBe(0);
});
