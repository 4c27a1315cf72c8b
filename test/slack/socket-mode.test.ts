import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/slack/app.js';
import { addActor, newAccount, startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';
import { FakeSlack } from './support/fake-slack.js';
import { TinyWebSocketServer } from './support/tiny-websocket.js';

let sb: TestSwitchboard;
let fake: FakeSlack;
let socket: TinyWebSocketServer;
let http: HttpServer;
let adapter: SlackAdapter;
let port: number;

beforeAll(async () => {
  sb = await startTestSwitchboard();
  fake = new FakeSlack();
  await fake.start();
  socket = new TinyWebSocketServer((server) =>
    server.send({
      type: 'hello',
      num_connections: 1,
      connection_info: { app_id: 'A0SWITCH' },
      debug_info: { host: 'test' },
    }),
  );
  const url = await socket.listen();
  fake.answer('apps.connections.open', { ok: true, url });
  http = new HttpServer(sb.deps.logger);
  adapter = createSlackAdapter({
    settings: {
      signingSecret: 'unused-in-socket-mode',
      botToken: 'xoxb-test-token',
      appToken: 'xapp-test-token',
      apiUrl: fake.apiUrl,
    },
    deps: sb.deps,
    logger: sb.deps.logger,
    http,
    clientOptions: { retryConfig: { retries: 0 } },
  });
  port = await http.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await adapter?.stop();
  await http?.close();
  await socket?.close();
  await fake?.close();
  await sb?.close();
});

let envelopes = 0;
function slashCommand(userId: string, text: string) {
  const responseUrl = fake.responseUrl();
  const envelope_id = `env-${++envelopes}`;
  socket.send({
    envelope_id,
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: {
      team_id: 'T1',
      team_domain: 'test',
      channel_id: 'C0OPS',
      channel_name: 'ops',
      user_id: userId,
      user_name: 'x',
      command: '/portal',
      text,
      api_app_id: 'A0SWITCH',
      response_url: responseUrl.url,
      trigger_id: `${envelope_id}.trigger`,
    },
  });
  return { envelope_id, responseId: responseUrl.id };
}

it('with SLACK_APP_TOKEN it connects out over Socket Mode, mounts nothing at /slack/events, and answers commands through the socket', async () => {
  expect(adapter.mode).toBe('socket');
  expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  await adapter.start();
  const open = fake.callsOf('apps.connections.open');
  expect(open).toHaveLength(1);
  expect(open[0]!.token).toBe('xapp-test-token');

  const acc = await newAccount(sb);
  await addActor(sb, acc, { userId: 'sock', email: 'sock@example.com', firstName: 'Sol', lastName: 'Socket' });
  fake.users.set('USOCK1', { email: 'sock@example.com' });

  // Not looked up yet: an empty acknowledgement on the socket, the answer by response_url.
  const first = slashCommand('USOCK1', 'users');
  const ack1 = await socket.next((m) => m.envelope_id === first.envelope_id);
  expect(ack1.payload ?? {}).not.toHaveProperty('blocks');
  await adapter.state.idle();
  expect(fake.callsOf('users.info')[0]!.token).toBe('xoxb-test-token');
  expect(fake.responsesTo(first.responseId)[0]!.body).toMatchObject({ response_type: 'ephemeral', text: '2 users' });

  // Known now: the reply is the acknowledgement's payload.
  const second = slashCommand('USOCK1', 'user show sock');
  const ack2 = await socket.next((m) => m.envelope_id === second.envelope_id);
  expect(ack2.payload).toMatchObject({ response_type: 'ephemeral', text: 'Sol Socket (sock): enabled' });
  expect(fake.callsOf('users.info')).toHaveLength(1);
});
