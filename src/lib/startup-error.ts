/**
 * A start-up failure an operator can fix (a variable, a port, a database); its message is the one
 * line `Switchboard cannot start: ...` that start-up prints before exiting with code 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
