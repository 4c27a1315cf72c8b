import { processMetrics } from '../../src/lib/metrics.js';

/** How many acknowledgements of `platform` the latency histogram has observed in this process. */
export async function acknowledgementCount(platform: string): Promise<number> {
  const values = (await processMetrics.getSingleMetric('switchboard_ack_latency_seconds')!.get()).values as {
    metricName?: string;
    labels: Record<string, string | number>;
    value: number;
  }[];
  return (
    values.find((v) => v.metricName === 'switchboard_ack_latency_seconds_count' && v.labels.platform === platform)
      ?.value ?? 0
  );
}
