import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/lib/logger.js';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const logger = createLogger('info', sink);
let http: HttpServer;
let base: string;
beforeAll(async () => {
  const inner = new HttpServer(logger).route('GET', '/handed-on', (_req, res) => {
    logger.info('inner route');
    res.end('ok');
  });
  http = new HttpServer(logger)
    .route('GET', '/work', async (_req, res) => {
      logger.info('first line');
      await new Promise((resolve) => setTimeout(resolve, 5));
      logger.child({ part: 'later' }).warn('second line');
      res.end('done');
    })
    .route('GET', '/handed-on', (req, res) => inner.handle(req, res));
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => http?.close());

const logged = (message: string) => lines.filter((l) => l.msg === message);

it('echoes a well-formed x-request-id and puts it on every log line of the request, also after an await', async () => {
  const response = await fetch(`${base}/work`, { headers: { 'x-request-id': 'proxy-id-0001' } });
  expect(response.headers.get('x-request-id')).toBe('proxy-id-0001');
  expect(logged('first line').at(-1)?.requestId).toBe('proxy-id-0001');
  expect(logged('second line').at(-1)?.requestId).toBe('proxy-id-0001');
});

it('gives a new id to a request without one or with a malformed one, and keeps it when a route hands the request on', async () => {
  const bare = await fetch(`${base}/work`);
  const fresh = bare.headers.get('x-request-id');
  expect(fresh).toMatch(/^[0-9a-f-]{36}$/);
  expect(logged('second line').at(-1)?.requestId).toBe(fresh);

  const forged = await fetch(`${base}/work`, { headers: { 'x-request-id': 'a b"\\<script>' } });
  expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

  const handed = await fetch(`${base}/handed-on`, { headers: { 'x-request-id': 'proxy-id-0002' } });
  expect(handed.headers.get('x-request-id')).toBe('proxy-id-0002');
  expect(logged('inner route').at(-1)?.requestId).toBe('proxy-id-0002');
});

it("writes no request id outside a request, and no line's fields reach the next line", async () => {
  logger.info({ migrations: ['one'] }, 'outside');
  logger.info('outside again');
  expect(logged('outside').at(-1)).not.toHaveProperty('requestId');
  expect(logged('outside again').at(-1)).not.toHaveProperty('migrations');
  await fetch(`${base}/work`, { headers: { 'x-request-id': 'proxy-id-0003' } });
  expect(logged('second line').at(-1)).toMatchObject({ requestId: 'proxy-id-0003', part: 'later' });
  expect(logged('first line').at(-1)).not.toHaveProperty('part');
});
