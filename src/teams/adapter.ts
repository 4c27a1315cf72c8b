import {
  CloudAdapter,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { KeptClientsBotFrameworkAuthentication } from './connector-clients.js';

/**
 * botbuilder's CloudAdapter, authenticating with `auth` (outgoing credentials from
 * `credentialsFactory`, else from `auth`; its clients kept across turns, connector-clients.ts),
 * taking activities Switchboard has already read and checked. Its `process()` answers a failure
 * itself, printing it to the console and putting the error's text in the response; `answer()`
 * lets the failure come back to the route instead, to be logged as one JSON line and answered
 * without internal text.
 */
export class SwitchboardTeamsAdapter extends CloudAdapter {
  constructor(
    auth: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory?: ServiceClientCredentialsFactory,
  ) {
    super(new KeptClientsBotFrameworkAuthentication(auth, credentialsFactory));
  }

  answer(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
