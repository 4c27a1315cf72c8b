import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';

/**
 * teams-ai's adapter, taking activities Switchboard has already read and checked. Its
 * `process()` (CloudAdapter's) answers a failure itself, printing it to the console and putting
 * the error's text in the response; `answer()` lets the failure come back to the route instead,
 * to be logged as one JSON line and answered without internal text.
 */
export class SwitchboardTeamsAdapter extends TeamsAdapter {
  answer(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
