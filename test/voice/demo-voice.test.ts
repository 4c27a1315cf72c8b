import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstAdministrator, loadDemoData } from '../../src/app/demo-data.js';
import { VOICE_DEMO_GROUPS, VOICE_DEMO_USERS } from '../../src/app/demo-voice-data.js';
import { VoiceE911Address } from '../../src/domain/entities/voice-e911-address.js';
import { VoiceGroup, VoiceGroupMember } from '../../src/domain/entities/voice-group.js';
import { VoiceProfile } from '../../src/domain/entities/voice-profile.js';
import { VoiceRegistration } from '../../src/domain/entities/voice-registration.js';
import { VoiceSite } from '../../src/domain/entities/voice-site.js';
import { Site } from '../../src/domain/entities/site.js';
import { toVoiceNumber } from '../../src/domain/voice/voice-fields.js';
import type { Actor } from '../../src/services/context.js';
import {
  listVoiceSites,
  listVoiceUsers,
  showVoiceUser,
  voiceGroupMemberships,
  voiceRegistrationReport,
} from '../../src/services/voice/index.js';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard.js';

let sb: TestSwitchboard;
let actor: Actor;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
afterAll(async () => sb?.close());

async function counts() {
  const em = sb.orm.em.fork();
  return {
    sites: await em.count(Site, {}),
    voiceSites: await em.count(VoiceSite, {}),
    profiles: await em.count(VoiceProfile, {}),
    e911: await em.count(VoiceE911Address, {}),
    registrations: await em.count(VoiceRegistration, {}),
    groups: await em.count(VoiceGroup, {}),
    members: await em.count(VoiceGroupMember, {}),
  };
}

describe('voice demo data', () => {
  it('loads the voice sites, users, E911 address, registration and groups of the reference document; loading twice changes nothing', async () => {
    const first = await loadDemoData(sb.orm, sb.clock.now());
    expect(first.created).toMatchObject({
      sites: 6,
      voiceSites: 6,
      voiceUsers: VOICE_DEMO_USERS.length,
      voiceGroups: VOICE_DEMO_GROUPS.length,
    });
    const after = await counts();
    expect(after).toEqual({ sites: 6, voiceSites: 6, profiles: 5, e911: 1, registrations: 1, groups: 5, members: 5 });
    const second = await loadDemoData(sb.orm, sb.clock.now());
    expect(second.created).toEqual({ accounts: 0, sites: 0, users: 0, voiceSites: 0, voiceUsers: 0, voiceGroups: 0 });
    expect(await counts()).toEqual(after);
    const admin = await firstAdministrator(sb.orm);
    actor = { userId: admin!.id, platform: 'console' };
  });

  it('has valid E.164 numbers throughout', () => {
    for (const user of VOICE_DEMO_USERS) {
      for (const number of [user.phoneNumber, user.callerIdNumber, user.services?.zeroOutNumber].filter(
        Boolean,
      ) as string[]) {
        expect(toVoiceNumber('Number', number), `${user.name}: ${number}`).toEqual({ ok: true, value: number });
      }
    }
  });

  it('shows Billy Supervisor Two as the document does', async () => {
    const view = await showVoiceUser(sb.deps, actor, { user: '+17039351814' });
    expect(view).toMatchObject({
      name: 'Billy Supervisor Two',
      directoryFirstName: 'Fusion',
      directoryLastName: 'Technical Training',
      extension: '1814',
      callerIdNumber: '+17039351800',
      timeZone: 'US/Eastern',
      callingPlan: 'Call Center Premium Supervisor National with UC One (M)',
      site: { name: 'Billy Fisher', accountNumber: '3850266' },
      services: {
        zeroOut: { enabled: true, phoneNumber: '+17044215555' },
        callRecording: false,
        fax: true,
        transcription: true,
        audioConferencing: { enabled: false },
        emailCopies: { enabled: true },
      },
      voicemail: { set: false },
      voiceManager: { set: false },
    });
    expect(view.e911).toMatchObject({
      lines: ['2300 CORPORATE PARK DR', 'HERNDON,VA,US,20171-4845'],
      validatedBy: 'format',
      verified: false,
      provisioning: null,
    });
    expect(await voiceGroupMemberships(sb.deps, actor, { user: '1814' })).toMatchObject({
      huntGroups: ['Billy HG1'],
      callQueues: ['Billy Call Cntr 1', 'Billy Call Cntr 2', 'Billy Call Cntr Prem 1', 'Billy Call Cntr Prem 2'],
      supervisorOf: ['Billy Call Cntr 1', 'Billy Call Cntr 2', 'Billy Call Cntr Prem 1', 'Billy Call Cntr Prem 2'],
    });
  });

  it("lists All Users, the voice sites with their Line Ids, Superman's VVX450 and Aquaman's portal user", async () => {
    const all = await listVoiceUsers(sb.deps, actor, {});
    expect(all.items.map((u) => u.name)).toEqual([
      'Aquaman Aquaman',
      'Billy Supervisor One',
      'Billy Supervisor Two',
      'Brad Caldwell',
      'Superman',
    ]);
    expect(
      (await listVoiceUsers(sb.deps, actor, { site: 'Billy Fisher LITTLE RIVER 1' })).items.map((u) => u.name),
    ).toEqual(['Brad Caldwell']);
    expect((await listVoiceUsers(sb.deps, actor, { site: '618758' })).total).toBe(1);
    const sites = await listVoiceSites(sb.deps, actor);
    expect(sites.map((s) => [s.name, s.platform, s.lineId, s.voiceUsers])).toEqual([
      ['Ashley Palacol', 'FusionWorks (M)', '559400', 0],
      ['Billy Fisher', 'FusionWorks (M)', '591868', 4],
      ['Billy Fisher LITTLE RIVER 1', 'FusionWorks (M)', '618758', 1],
      ['Corporate Account For Cloud Services', 'FusionWorks (M)', '547497', 0],
      ['Pleasanton Office', 'FusionWorks (M)', '515703', 0],
      ['Wallingford Office', 'FusionWorks (M)', '515704', 0],
    ]);
    const report = await voiceRegistrationReport(sb.deps, actor, { user: 'Superman' });
    expect(report.registrations).toEqual([
      expect.objectContaining({
        registered: true,
        username: 'Superman',
        lineUserId: '7039351801@megapathvoice.com',
        deviceType: 'VVX450',
        uri: 'sip:156447_323731_136294_VVX450_F001@216.86.44.1',
        groupName: 'Billy Lab (ste_323731)',
      }),
    ]);
    const aquaman = await showVoiceUser(sb.deps, actor, { user: '7039351803@megapathvoice.com' });
    expect(aquaman).toMatchObject({ name: 'Aquaman Aquaman', portalUser: { userId: '7039351803@megapathvoice.com' } });
  });
});
