/**
 * The yardsticks, run as their own process (`tsx scripts/bench/yardsticks.ts`), printing
 * `READY {"slack": url, "teams": url}`:
 *  - a bare Bolt app: HTTPReceiver with the same signing secret, acknowledging every command,
 *    action and view submission and doing nothing else;
 *  - a bare botbuilder app: a CloudAdapter without credentials (authentication disabled, as for
 *    local bot test tools) on a raw node HTTP server that reads the JSON body and runs the
 *    adapter's processActivity, as CloudAdapter.process does for express or restify; a message gets
 *    one text reply posted to the activity's serviceUrl (the fake connector), an invoke an empty 200.
 *    A message is answered (200) as its turn begins, before its reply, as Switchboard answers one.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { readBody } from './http-util.js';
import { SIGNING_SECRET } from './requests.js';

class BareAdapter extends CloudAdapter {
  answer(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity('', activity, logic);
  }
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function bareBolt(): Server {
  const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-bench' }),
    logLevel: LogLevel.ERROR,
    ignoreSelf: false,
    convoStore: false,
  });
  app.command(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.view(/.*/, async ({ ack }) => ack());
  return createServer((req, res) => receiver.requestListener(req, res));
}

function bareBotbuilder(): Server {
  const adapter = new BareAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const logic = (res: ServerResponse) => async (context: TurnContext) => {
    if (context.activity.type === ActivityTypes.Message) {
      res.writeHead(200).end();
      await context.sendActivity('ok');
    } else if (context.activity.type === ActivityTypes.Invoke)
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
  };
  return createServer((req, res) => {
    void (async () => {
      try {
        const activity = JSON.parse(await readBody(req)) as Activity;
        const invoke = await adapter.answer(activity, logic(res));
        if (res.headersSent) return;
        res.writeHead(invoke?.status ?? 200, { 'content-type': 'application/json' });
        res.end(invoke?.body === undefined ? undefined : JSON.stringify(invoke.body));
      } catch (error) {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      }
    })();
  });
}

const slackPort = await listen(bareBolt());
const teamsPort = await listen(bareBotbuilder());
process.stdout.write(
  `READY ${JSON.stringify({
    slack: `http://127.0.0.1:${slackPort}/slack/events`,
    teams: `http://127.0.0.1:${teamsPort}/api/messages`,
  })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
