import type { Config } from '../config.js';

/**
 * The start-up line that says how `POST /api/messages` is guarded. Kept apart from the Teams SDK so
 * that the server can say it at start-up without loading the SDK, which waits for the first request.
 */
export function teamsModeNotice(teams: Config['teams']): string {
  if (!teams) {
    return (
      'Teams: local mode at POST /api/messages: no TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID, so requests ' +
      "are accepted unauthenticated, from this machine only (for Microsoft's local bot test tools)"
    );
  }
  return `Teams: POST /api/messages requires Bot Framework authentication (app ${teams.appId}, tenant ${teams.tenantId})`;
}
