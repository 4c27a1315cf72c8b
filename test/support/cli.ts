import { runCli } from '../../src/cli/index.js';

/** Runs the operator CLI in this process with `env`, collecting what it prints. */
export function cliRunner(env: NodeJS.ProcessEnv) {
  return async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
