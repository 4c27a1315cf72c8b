import { ConfigError, loadConfig, type Config } from '../config.js';
import { StartupError } from '../lib/startup-error.js';

/** A value made once, on first use. */
export function deferred<T>(make: () => Promise<T>): { get(): Promise<T>; started(): boolean } {
  let value: Promise<T> | null = null;
  return { get: () => (value ??= make()), started: () => value !== null };
}

/** The configuration; a bad variable is one line and exit code 1. */
export function configOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Switchboard cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Start-up failures the operator can fix: one line and exit code 1, no stack trace. */
export async function orExit<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    if (error instanceof StartupError) {
      process.stderr.write(`Switchboard cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
