import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlackSignature } from '../../src/slack/signature.js';
import { signature, SIGNING_SECRET } from './support/slack-requests.js';

// Bolt's own check, the rule this one must keep (it is no longer run on requests).
const { verifySlackRequest } = createRequire(import.meta.url)('@slack/bolt/dist/receivers/verify-request.js') as {
  verifySlackRequest: (options: object) => void;
};
const boltAccepts = (secret: string, timestamp: string, sig: string, body: string, nowMs: number) => {
  try {
    verifySlackRequest({
      signingSecret: secret,
      body,
      nowMilliseconds: nowMs,
      headers: { 'x-slack-signature': sig, 'x-slack-request-timestamp': Number(timestamp) },
    });
    return true;
  } catch {
    return false;
  }
};

const NOW_MS = 1_790_000_000_000;
const now = NOW_MS / 1000;
const check = new SlackSignature(SIGNING_SECRET);
const problem = (timestamp: number | string, sig: string, body: string) =>
  check.problem(String(timestamp), sig, Buffer.from(body, 'utf8'), NOW_MS);

describe('Slack request signatures', () => {
  it('accepts what Slack signed, within five minutes either way', () => {
    const body = 'command=%2Fportal&text=users';
    expect(problem(now, signature(SIGNING_SECRET, now, body), body)).toBeNull();
    expect(problem(now - 299, signature(SIGNING_SECRET, now - 299, body), body)).toBeNull();
    expect(problem(now + 299, signature(SIGNING_SECRET, now + 299, body), body)).toBeNull();
  });

  it('says why anything else is refused', () => {
    const body = 'text=users';
    const good = signature(SIGNING_SECRET, now, body);
    expect(problem(now, good, body + ' ')).toBe('signature mismatch');
    expect(problem(now, signature('another-secret', now, body), body)).toBe('signature mismatch');
    expect(problem(now - 301, signature(SIGNING_SECRET, now - 301, body), body)).toMatch(/5 minutes/);
    expect(problem(now + 301, signature(SIGNING_SECRET, now + 301, body), body)).toMatch(/5 minutes/);
    expect(problem(now, good.replace('v0=', 'v1='), body)).toBe('no v0 signature');
    expect(problem(now, good.toUpperCase(), body)).toBe('no v0 signature');
    expect(problem(now, `${good}00`, body)).toBe('no v0 signature');
    expect(check.problem(undefined, good, Buffer.from(body), NOW_MS)).toBe('no request timestamp');
    expect(check.problem(`${now}.5`, good, Buffer.from(body), NOW_MS)).toBe('no request timestamp');
    expect(check.problem(String(now), undefined, Buffer.from(body), NOW_MS)).toBe('no v0 signature');
    expect(() => new SlackSignature('')).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('signs the bytes as sent: a body that is not UTF-8 is checked as it is', () => {
    const bytes = Buffer.from([0x74, 0x3d, 0xff, 0xfe]);
    const sig = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${now}:`).update(bytes).digest('hex')}`;
    expect(check.problem(String(now), sig, bytes, NOW_MS)).toBeNull();
    expect(check.problem(String(now), sig, Buffer.from(bytes.toString('utf8')), NOW_MS)).toBe('signature mismatch');
  });

  it('agrees with Bolt on every signed request, and on every one altered in its secret, body or age', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.integer({ min: -290, max: 290 }),
        fc.constantFrom('none', 'secret', 'body', 'age', 'signed-for-another-time'),
        (body, skew, change) => {
          const timestamp = now + skew;
          const signedAt = change === 'signed-for-another-time' ? timestamp + 1 : timestamp;
          const secret = change === 'secret' ? `${SIGNING_SECRET}x` : SIGNING_SECRET;
          const sig = signature(secret, signedAt, body);
          const age = change === 'age' ? timestamp - 600 : timestamp;
          const sent = change === 'body' ? `${body}&` : body;
          const signed = change === 'age' ? signature(secret, age, body) : sig;
          const ours = problem(age, signed, sent) === null;
          const bolts = boltAccepts(SIGNING_SECRET, String(age), signed, sent, NOW_MS);
          expect(ours).toBe(change === 'none');
          expect(ours).toBe(bolts);
        },
      ),
    );
  });
});
