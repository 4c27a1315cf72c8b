import type { EntityManager } from '@mikro-orm/core';
import type { Account } from '../domain/entities/account.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { Site } from '../domain/entities/site.js';
import { VoiceE911Address } from '../domain/entities/voice-e911-address.js';
import { VoiceGroup, VoiceGroupMember, type VoiceGroupKind } from '../domain/entities/voice-group.js';
import { VoiceProfile } from '../domain/entities/voice-profile.js';
import { VoiceRegistration } from '../domain/entities/voice-registration.js';
import { VoiceSite } from '../domain/entities/voice-site.js';
import { checkAddressFormat, type E911AddressInput } from '../domain/voice/e911-address.js';

/**
 * The hosted-voice part of the demo account, from the reference document on FusionWorks
 * user profiles (seeds/001). What the document shows is used as shown; what it leaves out
 * is marked "invented" below. Emails use example.com instead of real mailboxes. No PIN or
 * password is set: secrets are never made up.
 */

const PLATFORM = 'FusionWorks (M)';

/**
 * Sites with hosted voice (the Unified Communications page) that are not among the
 * demo account's first sites. The document gives no account number, city or state for
 * them: the account numbers are invented, the cities taken from the names.
 */
export const VOICE_DEMO_EXTRA_SITES = [
  { name: 'Corporate Account For Cloud Services', accountNumber: '3500101', city: 'HERNDON', state: 'VA' },
  { name: 'Pleasanton Office', accountNumber: '3500102', city: 'PLEASANTON', state: 'CA' },
  { name: 'Wallingford Office', accountNumber: '3500103', city: 'WALLINGFORD', state: 'CT' },
];

/** Voice locations and their Line Ids as the document lists them, by the site's account number. */
export const VOICE_DEMO_SITES = [
  { accountNumber: '3418205', name: 'Ashley Palacol', lineId: '559400' },
  { accountNumber: '3850266', name: 'Billy Fisher', lineId: '591868' },
  { accountNumber: '3992460', name: 'Billy Fisher LITTLE RIVER 1', lineId: '618758' },
  { accountNumber: '3500101', name: 'Corporate Account For Cloud Services', lineId: '547497' },
  { accountNumber: '3500102', name: 'Pleasanton Office', lineId: '515703' },
  { accountNumber: '3500103', name: 'Wallingford Office', lineId: '515704' },
];

interface DemoVoiceUser {
  site: string;
  name: string;
  directoryFirstName: string;
  directoryLastName: string;
  phoneNumber: string;
  extension: string;
  callingPlan: string;
  timeZone: string;
  callerIdNumber?: string;
  email?: string;
  portalUserId?: string;
  services?: Partial<
    Pick<
      VoiceProfile,
      | 'zeroOutEnabled'
      | 'zeroOutNumber'
      | 'fax'
      | 'voicemailTranscription'
      | 'emailCopiesEnabled'
      | 'emailCopyAddresses'
    >
  >;
  e911?: E911AddressInput;
}

/**
 * The users of the All Users page and the profile, registration and group examples.
 * Billy Supervisor Two is as the document shows him; the numbers and extensions of the
 * others are invented in the same range, and so are their sites.
 */
export const VOICE_DEMO_USERS: DemoVoiceUser[] = [
  {
    site: '3850266',
    name: 'Billy Supervisor Two',
    directoryFirstName: 'Fusion',
    directoryLastName: 'Technical Training',
    phoneNumber: '+17039351814',
    extension: '1814',
    callerIdNumber: '+17039351800',
    email: 'wfisher@example.com',
    callingPlan: 'Call Center Premium Supervisor National with UC One (M)',
    timeZone: 'US/Eastern',
    services: {
      zeroOutEnabled: true,
      zeroOutNumber: '+17044215555',
      fax: true,
      voicemailTranscription: true,
      emailCopiesEnabled: true,
      emailCopyAddresses: ['wfisher@example.com'],
    },
    e911: {
      houseNumber: '2300',
      streetName: 'Corporate Park',
      streetSuffix: 'Drive',
      city: 'Herndon',
      state: 'VA',
      zip: '20171-4845',
      country: 'US',
    },
  },
  {
    site: '3850266',
    name: 'Billy Supervisor One',
    directoryFirstName: 'Supervisor',
    directoryLastName: 'One',
    phoneNumber: '+17039351815',
    extension: '1815',
    callingPlan: 'Call Center Pro Supervisor National (M)',
    timeZone: 'US/Eastern',
  },
  {
    site: '3992460',
    name: 'Brad Caldwell',
    directoryFirstName: 'Brad',
    directoryLastName: 'Caldwell',
    phoneNumber: '+17039351816',
    extension: '1816',
    callingPlan: 'Hosted Voice Common Line National (M)',
    timeZone: 'US/Eastern',
  },
  {
    site: '3850266',
    name: 'Superman',
    directoryFirstName: 'Super',
    directoryLastName: 'Man',
    phoneNumber: '+17039351801',
    extension: '1801',
    callingPlan: 'Hosted Voice Common Line National (M)',
    timeZone: 'US/Eastern',
  },
  {
    site: '3850266',
    name: 'Aquaman Aquaman',
    directoryFirstName: 'Aquaman',
    directoryLastName: 'Aquaman',
    phoneNumber: '+17039351803',
    extension: '1803',
    callingPlan: 'Hosted Voice Common Line National (M)',
    timeZone: 'US/Eastern',
    portalUserId: '7039351803@megapathvoice.com',
  },
];

/** The registration report's example: Superman's VVX450. */
export const VOICE_DEMO_REGISTRATIONS = [
  {
    phoneNumber: '+17039351801',
    registered: true,
    enterprise: 'MegaPath Demo Account for Cloud Services (ent_156447)',
    groupName: 'Billy Lab (ste_323731)',
    username: 'Superman',
    lineUserId: '7039351801@megapathvoice.com',
    uri: 'sip:156447_323731_136294_VVX450_F001@216.86.44.1',
    deviceType: 'VVX450',
  },
];

/** The group memberships example: one hunt group, four call queues, supervising the four. */
export const VOICE_DEMO_GROUPS: {
  site: string;
  kind: VoiceGroupKind;
  name: string;
  members: { phoneNumber: string; agent: boolean; supervisor: boolean }[];
}[] = [
  {
    site: '3850266',
    kind: 'hunt-group',
    name: 'Billy HG1',
    members: [{ phoneNumber: '+17039351814', agent: true, supervisor: false }],
  },
  ...['Billy Call Cntr 1', 'Billy Call Cntr Prem 1', 'Billy Call Cntr 2', 'Billy Call Cntr Prem 2'].map((name) => ({
    site: '3850266',
    kind: 'call-queue' as const,
    name,
    members: [{ phoneNumber: '+17039351814', agent: true, supervisor: true }],
  })),
];

export interface VoiceDemoCounts {
  sites: number;
  voiceSites: number;
  voiceUsers: number;
  voiceGroups: number;
}

/**
 * Adds the demo account's hosted-voice sites, users, E911 address, registration and
 * groups, inside the caller's transaction. What exists already (by account number, Line
 * Id, phone number, group name) is left as it is, so loading twice changes nothing.
 */
export async function loadVoiceDemoData(em: EntityManager, account: Account, now: Date): Promise<VoiceDemoCounts> {
  const created: VoiceDemoCounts = { sites: 0, voiceSites: 0, voiceUsers: 0, voiceGroups: 0 };
  await em.flush();
  const sites = new Map((await em.find(Site, { account })).map((site) => [site.accountNumber, site]));
  for (const extra of VOICE_DEMO_EXTRA_SITES) {
    if (sites.has(extra.accountNumber)) continue;
    const site = Object.assign(new Site(), { ...extra, account, createdAt: now });
    em.persist(site);
    sites.set(extra.accountNumber, site);
    created.sites++;
  }
  const siteOf = (accountNumber: string): Site => {
    const site = sites.get(accountNumber);
    if (!site) throw new Error(`demo voice data: no site ${accountNumber}`);
    return site;
  };

  for (const voiceSite of VOICE_DEMO_SITES) {
    if (await em.findOne(VoiceSite, { account, lineId: voiceSite.lineId })) continue;
    em.persist(
      Object.assign(new VoiceSite(), {
        account,
        site: siteOf(voiceSite.accountNumber),
        name: voiceSite.name,
        platform: PLATFORM,
        lineId: voiceSite.lineId,
        createdAt: now,
      }),
    );
    created.voiceSites++;
  }

  const profiles = new Map<string, VoiceProfile>();
  for (const demo of VOICE_DEMO_USERS) {
    const existing = await em.findOne(VoiceProfile, { account, phoneNumber: demo.phoneNumber });
    if (existing) {
      profiles.set(demo.phoneNumber, existing);
      continue;
    }
    const { site, services, e911, portalUserId, ...details } = demo;
    const portalUser = portalUserId
      ? await em.findOne(PortalUser, { account, userIdKey: portalUserId.toLowerCase() })
      : null;
    const profile = Object.assign(new VoiceProfile(), {
      ...details,
      ...services,
      account,
      site: siteOf(site),
      portalUser,
      createdAt: now,
      updatedAt: now,
    });
    em.persist(profile);
    profiles.set(demo.phoneNumber, profile);
    created.voiceUsers++;
    if (e911) {
      const check = checkAddressFormat(e911);
      if (!check.ok) throw new Error(`demo voice data: bad E911 address for ${demo.name}`);
      // Validated for format only, and never sent to a platform: recorded as such.
      em.persist(
        Object.assign(new VoiceE911Address(), {
          ...check.address,
          profile,
          validatedBy: 'format',
          verified: false,
          provisioning: null,
          changedAt: now,
        }),
      );
    }
  }

  // New rows are written before they are used in a query's conditions.
  await em.flush();
  for (const registration of VOICE_DEMO_REGISTRATIONS) {
    const { phoneNumber, ...row } = registration;
    const profile = profiles.get(phoneNumber)!;
    if (await em.findOne(VoiceRegistration, { profile, uri: row.uri })) continue;
    em.persist(Object.assign(new VoiceRegistration(), { ...row, profile, observedAt: now }));
  }

  for (const demo of VOICE_DEMO_GROUPS) {
    const site = siteOf(demo.site);
    let group = await em.findOne(VoiceGroup, { site, kind: demo.kind, name: demo.name });
    if (!group) {
      group = Object.assign(new VoiceGroup(), { account, site, kind: demo.kind, name: demo.name, createdAt: now });
      em.persist(group);
      await em.flush();
      created.voiceGroups++;
    }
    for (const member of demo.members) {
      const profile = profiles.get(member.phoneNumber)!;
      if (await em.findOne(VoiceGroupMember, { group, profile })) continue;
      em.persist(
        Object.assign(new VoiceGroupMember(), { group, profile, agent: member.agent, supervisor: member.supervisor }),
      );
    }
  }
  await em.flush();
  return created;
}
