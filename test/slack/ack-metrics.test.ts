import { afterAll, beforeAll, expect, it } from 'vitest';
import { processMetrics } from '../../src/lib/metrics.js';
import { SlackHarness } from './support/harness.js';

let h: SlackHarness;
beforeAll(async () => {
  h = await SlackHarness.start();
});
afterAll(async () => h?.close());

/** How many acknowledgements of `platform` the latency histogram has seen. */
async function acknowledgements(platform: string): Promise<number> {
  const metric = processMetrics.getSingleMetric('switchboard_ack_latency_seconds');
  const values = (await metric!.get()).values;
  return values.find((v) => v.metricName === 'switchboard_ack_latency_seconds_count' && v.labels.platform === platform)?.value ?? 0;
}

it('observes the acknowledgement latency of every signed Slack request', async () => {
  const admin = await h.admin();
  const before = await acknowledgements('slack');
  expect((await h.command(admin.person, 'help')).status).toBe(200);
  expect((await h.command(admin.person, 'users')).status).toBe(200);
  await h.settle();
  expect(await acknowledgements('slack')).toBe(before + 2);
  expect(await acknowledgements('teams')).toBe(0);
});
