import { ActivityTypes, TurnContext } from 'botbuilder';

/** What a route does with a turn's activity. */
export type TurnHandler = (context: TurnContext) => Promise<void>;

interface Route {
  matches(context: TurnContext): boolean;
  handle: TurnHandler;
}

/**
 * Sends each incoming activity to the first route that matches it, in the order the routes were
 * added. An invoke (Teams waits 5 s for its answer) is offered to the invoke routes first, then
 * to the others. A message's text loses the bot's own @mention before it is routed. A handler's
 * failure is the turn's: the adapter's `onTurnError` answers it.
 */
export class TeamsRouter {
  private readonly invokes: Route[] = [];
  private readonly routes: Route[] = [];

  /** Activities of one type (`message`, …; any case). */
  activity(type: string, handle: TurnHandler): this {
    const wanted = type.toLowerCase();
    this.routes.push({ matches: (c) => c.activity.type?.toLowerCase() === wanted, handle });
    return this;
  }

  /** A conversation update that adds members (the bot included, when it is added). */
  membersAdded(handle: TurnHandler): this {
    const matches = (c: TurnContext) =>
      c.activity.type === ActivityTypes.ConversationUpdate &&
      Array.isArray(c.activity.membersAdded) &&
      c.activity.membersAdded.length > 0;
    this.routes.push({ matches, handle });
    return this;
  }

  /** Invokes of one name (`adaptiveCard/action`, `task/fetch`, …). */
  invoke(name: string, handle: TurnHandler): this {
    const matches = (c: TurnContext) => c.activity.type === ActivityTypes.Invoke && c.activity.name === name;
    this.invokes.push({ matches, handle });
    return this;
  }

  /**
   * Runs the turn's route; false when none matched (an invoke left unanswered is then 501,
   * CloudAdapter's answer when no invoke response was sent).
   */
  async run(context: TurnContext): Promise<boolean> {
    if (context.activity.type === ActivityTypes.Message)
      context.activity.text = TurnContext.removeRecipientMention(context.activity);
    const invokes = context.activity.type === ActivityTypes.Invoke ? this.invokes : [];
    const route = invokes.find((r) => r.matches(context)) ?? this.routes.find((r) => r.matches(context));
    if (!route) return false;
    await route.handle(context);
    return true;
  }
}
