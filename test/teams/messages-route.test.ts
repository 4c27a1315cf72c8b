import { afterEach, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/lib/logger.js';
import { TurnsAfterAck } from '../../src/teams/after-ack.js';
import { messagesRoute, type MessagesRouteOptions } from '../../src/teams/http.js';

let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

/** The route alone on a server, with `process` standing in for botbuilder; the JSON lines it logged. */
async function routeWith(process: MessagesRouteOptions['process']) {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const afterAck = new TurnsAfterAck(logger);
  http = new HttpServer(logger).route(
    'POST',
    '/api/messages',
    messagesRoute({ localMode: true, logger, process, afterAck }),
  );
  const port = await http.listen(0, '127.0.0.1', 1);
  const post = (type: string) =>
    fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type, serviceUrl: 'http://127.0.0.1:1/' }),
    });
  return { post, lines, afterAck };
}

it('a turn that fails after its message was answered is logged as one line, without its text reaching anyone', async () => {
  const route = await routeWith(async (_activity, _authorization, turnStarts) => {
    turnStarts?.();
    throw new Error('the database went away');
  });
  const answer = await route.post('message');
  expect(answer.status).toBe(200);
  expect(await answer.text()).toBe('');
  await route.afterAck.idle();
  const failed = route.lines.filter((l) => l.msg === 'teams: an activity could not be processed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ level: 50, activity: 'message', err: { message: 'the database went away' } });
});

it('a failure before the turn begins is still answered: 500 without internal text', async () => {
  const route = await routeWith(async () => {
    throw new Error('secret internal detail');
  });
  const answer = await route.post('message');
  expect(answer.status).toBe(500);
  expect(await answer.text()).not.toContain('secret internal detail');
  expect(route.lines.filter((l) => l.msg === 'teams: an activity could not be processed')).toHaveLength(1);
});

it('an invoke is answered with what its turn answers, after the turn', async () => {
  let ended = false;
  const route = await routeWith(async (_activity, _authorization, turnStarts) => {
    expect(turnStarts, 'an invoke is not answered as its turn begins').toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    ended = true;
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'ok' } };
  });
  const answer = await route.post('invoke');
  expect(ended).toBe(true);
  expect(await answer.json()).toMatchObject({ value: 'ok' });
});
