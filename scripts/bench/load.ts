/** N concurrent senders on keep-alive connections, bounded by requests and seconds; latency to the HTTP response. */
import { Agent, request, type ClientRequest } from 'node:http';
import type { Outgoing } from './requests.js';

export interface Stats {
  p50: number;
  p99: number;
  max: number;
}

export interface Sent {
  /** Request number within the run. */
  n: number;
  /** Epoch ms when sent (to match later answers: response_url, connector replies). */
  sentAt: number;
  /** Milliseconds to the HTTP response. */
  ms: number;
  /** The response had a body (a Slack reply in the acknowledgement). */
  withBody: boolean;
  /** The request opened its connection (the first on it), rather than going over one already open. */
  newConnection: boolean;
}

/** One request of a scenario: where, what, and how to judge the answer (an error message, or null when fine). */
export interface Shot {
  url: string;
  outgoing: Outgoing;
  check?: (status: number, body: string) => string | null;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** A few distinct error messages with their counts. */
  errorSamples: Record<string, number>;
  seconds: number;
  perSecond: number;
  ack: Stats;
  sent: Sent[];
}

export interface LoadOptions {
  concurrency: number;
  requests: number;
  seconds: number;
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN };
}

function post(agent: Agent, shot: Shot): Promise<{ status: number; body: string; ms: number; newConnection: boolean }> {
  const url = new URL(shot.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: { ...shot.outgoing.headers, 'content-length': String(Buffer.byteLength(shot.outgoing.body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            ms: performance.now() - started,
            newConnection: !req.reusedSocket,
          }),
        );
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end(shot.outgoing.body);
  });
}

const defaultCheck = (status: number, body: string) => (status === 200 ? null : `HTTP ${status} ${body.slice(0, 160)}`);

/** Runs `make(n)` for n = 0, 1, … from `concurrency` workers until the requests or the seconds run out. */
export async function runLoad(options: LoadOptions, make: (n: number) => Shot): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const acks: number[] = [];
  const sent: Sent[] = [];
  const errorSamples: Record<string, number> = {};
  let next = 0;
  let attempts = 0;
  let errors = 0;
  const fail = (message: string) => {
    errors++;
    const key = Object.keys(errorSamples).length < 8 || message in errorSamples ? message : 'other';
    errorSamples[key] = (errorSamples[key] ?? 0) + 1;
  };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.requests && performance.now() < deadline) {
        const n = next++;
        const shot = make(n);
        const sentAt = performance.timeOrigin + performance.now();
        attempts++;
        try {
          const answer = await post(agent, shot);
          acks.push(answer.ms);
          sent.push({
            n,
            sentAt,
            ms: answer.ms,
            withBody: answer.body.length > 0,
            newConnection: answer.newConnection,
          });
          const problem = (shot.check ?? defaultCheck)(answer.status, answer.body);
          if (problem) fail(problem);
        } catch (error) {
          fail((error as Error).message);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: attempts,
    errors,
    errorSamples,
    seconds,
    perSecond: (attempts - errors) / seconds,
    ack: stats(acks),
    sent,
  };
}
