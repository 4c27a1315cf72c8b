import { closest, distance } from 'fastest-levenshtein';

/** Beginnings that, here, only Switchboard's variables have: a variable so named is meant for it. */
const OURS = ['SLACK_', 'TEAMS_', 'SMTP_', 'MAIL_', 'APPROVAL', 'PORTAL_', 'GRANT_', 'INVITE_', 'RESET_', 'METRICS_'];

/** How many letters a name may be off by and still be taken for one of ours (a typo). */
const TYPO = 2;

/**
 * The variables of the environment that look meant for Switchboard but are not among `known`
 * (a typo such as DATABSE_URL, an old or made-up name such as SLACK_SIGNIN_SECRET): each as a
 * warning saying it is ignored, and the variable it is most like. A wrong name would otherwise
 * leave its setting at the default without a word.
 */
export function lookalikeVariables(env: NodeJS.ProcessEnv, known: readonly string[]): string[] {
  const names = new Set(known);
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (names.has(name) || env[name] === undefined) continue;
    const like = closest(name.toUpperCase(), [...known]);
    const typo = name.length >= 5 && distance(name.toUpperCase(), like) <= TYPO;
    if (!typo && !OURS.some((prefix) => name.toUpperCase().startsWith(prefix))) continue;
    const hint = distance(name.toUpperCase(), like) <= TYPO + 2 ? `did you mean ${like}?` : 'see .env.example';
    warnings.push(`${name} is not a Switchboard variable, so it is ignored (${hint})`);
  }
  return warnings;
}
