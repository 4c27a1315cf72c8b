import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lookalikeVariables } from '../../src/config-lookalikes.js';

/** What a misspelt variable looks like to an operator: the start-up's warnings. */
const warningsFor = (env: NodeJS.ProcessEnv) => loadConfig(env).ignoredVariables;

describe('variables that look meant for Switchboard but are not its own', () => {
  it('are each a warning naming the variable it is most like, and are ignored', () => {
    const env = {
      DATABSE_URL: 'postgres://db/sb',
      PUBLIC_BASE_URI: 'https://sb.example.com',
      SLACK_SIGNIN_SECRET: 'secret-value',
      TEAMS_APP_SECRET: 'another-secret',
    };
    expect(warningsFor(env)).toEqual([
      'DATABSE_URL is not a Switchboard variable, so it is ignored (did you mean DATABASE_URL?)',
      'PUBLIC_BASE_URI is not a Switchboard variable, so it is ignored (did you mean PUBLIC_BASE_URL?)',
      'SLACK_SIGNIN_SECRET is not a Switchboard variable, so it is ignored (did you mean SLACK_SIGNING_SECRET?)',
      'TEAMS_APP_SECRET is not a Switchboard variable, so it is ignored (see .env.example)',
    ]);
    const config = loadConfig(env);
    expect(config.database).toMatchObject({ driver: 'sqlite' });
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.slack).toBeUndefined();
    // The values, secrets among them, are never repeated.
    expect(warningsFor(env).join('\n')).not.toMatch(/secret-value|another-secret|postgres:/);
  });

  it("say nothing of Switchboard's own variables, nor of a shell's and other programs' usual ones", () => {
    const env = {
      DATABASE_URL: 'sqlite::memory:',
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-1',
      APPROVALS_REQUIRED: '1',
      PATH: '/usr/bin',
      HOME: '/root',
      HOSTNAME: 'box',
      MAIL: '/var/mail/root',
      LOGNAME: 'root',
      NODE_ENV: 'production',
      NODE_OPTIONS: '--max-old-space-size=200',
      MALLOC_MMAP_THRESHOLD_: '16384',
      TEST_DATABASE_URL: 'postgres://x/test',
      npm_config_cache: '/root/.npm',
      TERM: 'xterm',
      NO_COLOR: '1',
    };
    expect(warningsFor(env)).toEqual([]);
  });

  it('never warn of a known name, whatever else the environment holds', () => {
    const known = ['DATABASE_URL', 'SMTP_URL', 'PORT'];
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string()), (extra) => {
        const env = { ...extra, DATABASE_URL: 'x', SMTP_URL: 'y', PORT: '1' };
        const warned = lookalikeVariables(env, known).map((w) => w.split(' ')[0]);
        for (const name of known) expect(warned).not.toContain(name);
        for (const name of warned) expect(Object.keys(env)).toContain(name);
      }),
    );
  });
});
