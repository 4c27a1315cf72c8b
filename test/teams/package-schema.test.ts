import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { packagedManifest } from '../../scripts/teams-package/build.js';

const env = { TEAMS_APP_ID: '3F2504E0-4F89-11D3-9A0C-0305E82C3301', PUBLIC_HOST: 'switchboard.example.com' };

/** Microsoft's JSON schema for a manifest version, as @microsoft/app-manifest carries it (no network). */
function teamsSchema(manifestVersion: string) {
  const require = createRequire(import.meta.url);
  const file = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );
  // The published schema has a `\a` in one pattern that JavaScript regexes refuse (the package's own fetch does the same).
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\x07'));
}

async function schemaProblems(manifest: Record<string, any>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never, teamsSchema(manifest.manifestVersion));
}

describe("the Teams manifest against Microsoft's schema", () => {
  it('the manifest that npm run package:teams writes is valid for its manifestVersion', async () => {
    const manifest = packagedManifest(env, undefined, '1.2.3');
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(await schemaProblems(manifest)).toEqual([]);
  });

  it('the schema check catches what Teams would refuse (so the test above can fail)', async () => {
    const manifest = packagedManifest(env, undefined, '1.2.3');
    const broken = {
      ...manifest,
      bots: [{ ...manifest.bots[0], scopes: ['groupchat'] }],
      developer: { name: 'Switchboard' },
    };
    const problems = (await schemaProblems(broken)).join('\n');
    expect(problems).toMatch(/\/bots\/0\/scopes\/0 must be equal to one of the allowed values/);
    expect(problems).toMatch(/\/developer must have required property 'websiteUrl'/);
  });
});
