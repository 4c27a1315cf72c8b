import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Account } from '../../src/domain/entities/account.js';
import { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { Site } from '../../src/domain/entities/site.js';
import { VoiceGroup, VoiceGroupMember } from '../../src/domain/entities/voice-group.js';
import { VoiceProfile } from '../../src/domain/entities/voice-profile.js';
import { VoiceRegistration } from '../../src/domain/entities/voice-registration.js';
import type { AddressValidator } from '../../src/domain/voice/address-validator.js';
import { execute } from '../../src/services/operations.js';
import {
  changeE911Address,
  editVoiceUser,
  listVoiceUsers,
  showVoiceUser,
  voiceGroupMemberships,
  voiceRegistrationReport,
} from '../../src/services/voice/index.js';
import { expectRefusal } from '../support/expect.js';
import {
  addActor,
  newAccount,
  startTestSwitchboard,
  type TestAccount,
  type TestSwitchboard,
} from '../support/switchboard.js';
import { addVoiceUser, voiceActors } from './support.js';

let sb: TestSwitchboard;
let acc: TestAccount;
beforeAll(async () => {
  sb = await startTestSwitchboard();
});
beforeEach(async () => {
  acc = await newAccount(sb);
});
afterAll(async () => sb?.close());

const herndon = {
  houseNumber: '2300',
  streetName: 'corporate park',
  streetSuffix: 'drive',
  suite: 'Suite 200',
  city: 'Herndon',
  state: 'va',
  zip: '201714845',
};

describe('voice users list and show', () => {
  it('lists by site or all sites, paged and searchable by name, extension, number (any format) and email', async () => {
    const [hq, river] = acc.sites as [Site, Site];
    await addVoiceUser(sb, acc, {
      name: 'Billy Supervisor Two',
      directoryFirstName: 'Fusion',
      directoryLastName: 'Technical Training',
      phoneNumber: '+17039351814',
      extension: '1814',
      email: 'wfisher@example.com',
      site: hq,
    });
    await addVoiceUser(sb, acc, {
      name: 'Brad Caldwell',
      directoryFirstName: 'Brad',
      directoryLastName: 'Caldwell',
      phoneNumber: '+17039351816',
      extension: '1816',
      site: river,
    });
    await addVoiceUser(sb, acc, { name: 'Aquaman Aquaman', phoneNumber: '+17039351803', extension: '1803', site: hq });
    const all = await listVoiceUsers(sb.deps, acc.actor, {});
    expect(all.total).toBe(3);
    expect(all.items.map((u) => u.name)).toEqual(['Aquaman Aquaman', 'Billy Supervisor Two', 'Brad Caldwell']);
    expect(all.items[1]).toMatchObject({
      directoryFirstName: 'Fusion',
      directoryLastName: 'Technical Training',
      extension: '1814',
      phoneNumber: '+17039351814',
      email: 'wfisher@example.com',
      callingPlan: 'Hosted Voice Common Line National (M)',
      site: { name: 'Herndon HQ', accountNumber: '3418205' },
    });
    expect((await listVoiceUsers(sb.deps, acc.actor, { site: '3992460' })).items.map((u) => u.name)).toEqual([
      'Brad Caldwell',
    ]);
    expect((await listVoiceUsers(sb.deps, acc.actor, { site: 'little river' })).total).toBe(1);
    expect((await listVoiceUsers(sb.deps, acc.actor, { search: 'TECHNICAL' })).items.map((u) => u.name)).toEqual([
      'Billy Supervisor Two',
    ]);
    expect((await listVoiceUsers(sb.deps, acc.actor, { search: '(703) 935-1816' })).items.map((u) => u.name)).toEqual([
      'Brad Caldwell',
    ]);
    expect((await listVoiceUsers(sb.deps, acc.actor, { search: '1803' })).items.map((u) => u.name)).toEqual([
      'Aquaman Aquaman',
    ]);
    expect((await listVoiceUsers(sb.deps, acc.actor, { search: 'wfisher@' })).total).toBe(1);
    expect((await listVoiceUsers(sb.deps, acc.actor, { search: '%' })).total).toBe(0);
    const page2 = await listVoiceUsers(sb.deps, acc.actor, { page: 2, pageSize: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((u) => u.name)).toEqual(['Brad Caldwell']);
    await expectRefusal(listVoiceUsers(sb.deps, acc.actor, { site: 'Nowhere' }), 'SITE.NOT_FOUND', 'site');
  });

  it('shows only the sites a Services user has access to (a voice user elsewhere is not found), and refuses Services Hide', async () => {
    const people = await voiceActors(sb, acc);
    await addVoiceUser(sb, acc, { name: 'Here', site: acc.sites[0] });
    await addVoiceUser(sb, acc, { name: 'There', site: acc.sites[1] });
    expect((await listVoiceUsers(sb.deps, people.viewHere, {})).items.map((u) => u.name)).toEqual(['Here']);
    expect((await listVoiceUsers(sb.deps, people.manageThere, {})).items.map((u) => u.name)).toEqual(['There']);
    expect((await listVoiceUsers(sb.deps, people.manageAll, {})).total).toBe(2);
    await expectRefusal(listVoiceUsers(sb.deps, people.viewHere, { site: '3992460' }), 'AUTH.FORBIDDEN');
    await expectRefusal(listVoiceUsers(sb.deps, people.hidden, {}), 'AUTH.FORBIDDEN');
    await expectRefusal(showVoiceUser(sb.deps, people.manageThere, { user: 'Here' }), 'VOICE.NOT_FOUND', 'user');
  });

  it('finds a voice user by number in any format, extension, name, email, or their portal user', async () => {
    const { user: portalUser } = await addActor(sb, acc, { userId: 'aquaman', email: 'aqua@example.com' });
    const voice = await addVoiceUser(sb, acc, {
      name: 'Aquaman Aquaman',
      phoneNumber: '+17039351803',
      extension: '1803',
      email: 'Voice.Aqua@example.com',
      portalUser,
    });
    for (const ref of [
      '+17039351803',
      '703-935-1803',
      '(703) 935 1803',
      '1803',
      'aquaman aquaman',
      'voice.aqua@EXAMPLE.com',
      'AQUAMAN',
      'aqua@example.com',
      voice.id,
    ]) {
      expect((await showVoiceUser(sb.deps, acc.actor, { user: ref })).id, ref).toBe(voice.id);
    }
    await expectRefusal(showVoiceUser(sb.deps, acc.actor, { user: 'Nobody Here' }), 'VOICE.NOT_FOUND', 'user');
    await addVoiceUser(sb, acc, { name: 'Twin', extension: '4100', site: acc.sites[0] });
    await addVoiceUser(sb, acc, { name: 'Twin', extension: '4100', site: acc.sites[1] });
    const ambiguous = await expectRefusal(
      showVoiceUser(sb.deps, acc.actor, { user: '4100' }),
      'VOICE.AMBIGUOUS',
      'user',
    );
    expect(ambiguous.message).toMatch(/Herndon HQ.*Little River|Little River.*Herndon HQ/);
    await expectRefusal(showVoiceUser(sb.deps, acc.actor, { user: 'twin' }), 'VOICE.AMBIGUOUS');
  });

  it('shows the full profile: time zone label, portal user, no E911 yet, nothing set, services', async () => {
    const voice = await addVoiceUser(sb, acc, {
      name: 'Show Me',
      timeZone: 'US/Eastern',
      callerIdNumber: '+17039351800',
    });
    const view = await showVoiceUser(sb.deps, acc.actor, { user: 'Show Me' });
    expect(view).toMatchObject({
      id: voice.id,
      timeZone: 'US/Eastern',
      timeZoneLabel: '(GMT-05:00) US/Eastern',
      callerIdNumber: '+17039351800',
      portalUser: null,
      e911: null,
      voicemail: { set: false, mustChangeAtFirstUse: false },
      voiceManager: { set: false },
      services: {
        zeroOut: { enabled: false, phoneNumber: null },
        callRecording: false,
        fax: false,
        transcription: false,
        emailCopies: { enabled: false, addresses: [] },
      },
    });
  });
});

describe('voice edit', () => {
  it('edits details and user services, audited with before and after, through the voice.edit operation', async () => {
    const voice = await addVoiceUser(sb, acc, { name: 'Billy Supervisor Two' });
    const view = await execute(sb.deps, acc.actor, {
      name: 'voice.edit',
      input: {
        user: voice.id,
        expectedVersion: 1,
        directoryFirstName: 'Fusion',
        directoryLastName: 'Technical Training',
        timeZone: 'America/Chicago',
        callerIdNumber: '703 935 1800',
        email: 'wfisher@example.com',
        services: {
          zeroOut: { enabled: true, phoneNumber: '+1 704 421 5555' },
          fax: true,
          transcription: true,
          emailCopies: { enabled: true, addresses: ['wfisher@example.com', 'desk@example.com'] },
        },
      },
    });
    expect(view).toMatchObject({
      directoryFirstName: 'Fusion',
      directoryLastName: 'Technical Training',
      timeZone: 'America/Chicago',
      callerIdNumber: '+17039351800',
      version: 2,
      services: {
        zeroOut: { enabled: true, phoneNumber: '+17044215555' },
        fax: true,
        transcription: true,
        callRecording: false,
        emailCopies: { enabled: true, addresses: ['wfisher@example.com', 'desk@example.com'] },
      },
    });
    const [audit] = await sb.orm.em.fork().find(AuditEvent, { targetId: voice.id, action: 'voice.edit' });
    expect(audit).toMatchObject({ outcome: 'success', targetType: 'voice-user' });
    expect(audit!.before).toMatchObject({ directoryFirstName: 'Voice', services: { fax: false } });
    expect(audit!.after).toMatchObject({
      directoryFirstName: 'Fusion',
      services: { fax: true },
      provisioning: 'not-sent',
    });
  });

  it('refuses inconsistent services, taken numbers, stale forms, bad fields and empty edits', async () => {
    const voice = await addVoiceUser(sb, acc, { extension: '5100', phoneNumber: '+17039355100' });
    const other = await addVoiceUser(sb, acc, { extension: '5101', phoneNumber: '+17039355101' });
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, services: { zeroOut: { enabled: true } } }),
      'VALIDATION.INVALID',
      'services.zeroOut.phoneNumber',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, services: { emailCopies: { enabled: true } } }),
      'VALIDATION.INVALID',
      'services.emailCopies.addresses',
    );
    const taken = await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, phoneNumber: '(703) 935-5101' }),
      'VOICE.DUPLICATE_NUMBER',
      'phoneNumber',
    );
    expect(taken.message).toContain(other.name);
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, extension: '5101' }),
      'VOICE.DUPLICATE_EXTENSION',
      'extension',
    );
    await expectRefusal(
      // `fax` at the top level is not a field (the schema drops it): only the version matters here.
      editVoiceUser(sb.deps, acc.actor, {
        user: voice.id,
        expectedVersion: 7,
        fax: true,
        directoryFirstName: 'X',
      } as never),
      'VOICE.CONFLICT',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, phoneNumber: '+1 555' }),
      'VALIDATION.INVALID',
      'phoneNumber',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, extension: '1' }),
      'VALIDATION.INVALID',
      'extension',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, timeZone: 'Mars/Olympus' }),
      'VALIDATION.INVALID',
      'timeZone',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, acc.actor, { user: voice.id, directoryLastName: '' }),
      'VALIDATION.INVALID',
      'directoryLastName',
    );
    await expectRefusal(editVoiceUser(sb.deps, acc.actor, { user: voice.id }), 'VALIDATION.INVALID');
    // The same extension at another site is fine; clearing the caller ID too.
    await expect(editVoiceUser(sb.deps, acc.actor, { user: other.id, callerIdNumber: '' })).resolves.toMatchObject({
      callerIdNumber: null,
    });
    expect((await showVoiceUser(sb.deps, acc.actor, { user: voice.id })).version).toBe(1);
  });

  it('lets Services Manage of the site edit, refuses Services View, and does not find a voice user at another site', async () => {
    const people = await voiceActors(sb, acc);
    const voice = await addVoiceUser(sb, acc, { site: acc.sites[0] });
    await expect(
      editVoiceUser(sb.deps, people.manageHere, { user: voice.id, services: { fax: true } }),
    ).resolves.toMatchObject({ services: { fax: true } });
    await expectRefusal(
      editVoiceUser(sb.deps, people.viewHere, { user: voice.id, services: { fax: false } }),
      'AUTH.FORBIDDEN',
    );
    await expectRefusal(
      editVoiceUser(sb.deps, people.manageThere, { user: voice.id, services: { fax: false } }),
      'VOICE.NOT_FOUND',
    );
  });
});

describe('voice e911', () => {
  it('validates, normalises and saves the address; the audit event has the old and the new address', async () => {
    const voice = await addVoiceUser(sb, acc);
    const first = await changeE911Address(sb.deps, acc.actor, { user: voice.id, ...herndon });
    expect(first.e911).toMatchObject({
      houseNumber: '2300',
      streetName: 'CORPORATE PARK',
      streetSuffix: 'DR',
      suite: '200',
      city: 'HERNDON',
      state: 'VA',
      zip: '20171-4845',
      country: 'US',
      validatedBy: 'format',
      verified: false,
      provisioning: 'not-sent',
    });
    expect(first.e911.lines).toEqual(['2300 CORPORATE PARK DR', 'STE 200', 'HERNDON,VA,US,20171-4845']);
    expect(first.notes[0]).toMatch(/not matched against/);
    sb.clock.advance(60_000);
    await execute(sb.deps, acc.actor, {
      name: 'voice.e911',
      input: {
        user: voice.id,
        houseNumber: '10',
        streetName: 'Main',
        streetSuffix: 'St',
        city: 'Little River',
        state: 'SC',
        zip: '29566',
      },
    });
    const events = await sb.orm.em
      .fork()
      .find(AuditEvent, { targetId: voice.id, action: 'voice.e911' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(events).toHaveLength(2);
    expect(events[0]!.before).toEqual({ e911: null });
    expect(events[1]!.before).toMatchObject({
      e911: { houseNumber: '2300', streetName: 'CORPORATE PARK', city: 'HERNDON', zip: '20171-4845' },
    });
    expect(events[1]!.after).toMatchObject({
      e911: {
        houseNumber: '10',
        streetName: 'MAIN',
        streetSuffix: 'ST',
        city: 'LITTLE RIVER',
        state: 'SC',
        zip: '29566',
      },
      validatedBy: 'format',
      verified: false,
    });
    expect((await showVoiceUser(sb.deps, acc.actor, { user: voice.id })).e911?.lines).toEqual([
      '10 MAIN ST',
      'LITTLE RIVER,SC,US,29566',
    ]);
  });

  it.each([
    [{ houseNumber: '' }, 'E911.HOUSE_NUMBER_MISSING', 'houseNumber'],
    [{ state: 'XX' }, 'E911.STATE_INVALID', 'state'],
    [{ zip: '2017' }, 'E911.ZIP_INVALID', 'zip'],
    [{ city: 'C'.repeat(65) }, 'E911.CITY_TOO_LONG', 'city'],
  ])('refuses %j with %s and changes nothing', async (change, code, field) => {
    const voice = await addVoiceUser(sb, acc);
    await changeE911Address(sb.deps, acc.actor, { user: voice.id, ...herndon });
    const refusal = await expectRefusal(
      changeE911Address(sb.deps, acc.actor, { user: voice.id, ...herndon, ...change }),
      code,
      field,
    );
    expect(refusal.fields).toHaveLength(1);
    expect((await showVoiceUser(sb.deps, acc.actor, { user: voice.id })).e911).toMatchObject({
      houseNumber: '2300',
      state: 'VA',
      zip: '20171-4845',
      city: 'HERNDON',
    });
    const [refused] = await sb.orm.em
      .fork()
      .find(AuditEvent, { targetId: voice.id, action: 'voice.e911', outcome: 'refused' });
    expect(refused).toMatchObject({ errorCode: code });
  });

  it('reports every field at fault in one refusal', async () => {
    const voice = await addVoiceUser(sb, acc);
    const refusal = await expectRefusal(
      changeE911Address(sb.deps, acc.actor, {
        user: voice.id,
        streetName: 'Main',
        city: 'Herndon',
        state: 'Q',
        zip: '1',
      }),
      'E911.HOUSE_NUMBER_MISSING',
    );
    expect(refusal.fields.map((f) => f.field)).toEqual(['houseNumber', 'state', 'zip']);
  });

  it('goes through the configured address validator, which may verify or refuse, and survives one that is down', async () => {
    const voice = await addVoiceUser(sb, acc);
    const seen: unknown[] = [];
    const verifying: AddressValidator = {
      name: 'test-msag',
      async validate(input) {
        seen.push(input);
        if (input.houseNumber === '9999')
          return {
            ok: false,
            validatedBy: 'test-msag',
            problems: [
              {
                code: 'E911.NOT_VERIFIED',
                field: 'houseNumber',
                message: 'No such house on the 911 map; check the number.',
              },
            ],
          };
        return {
          ok: true,
          validatedBy: 'test-msag',
          verified: true,
          notes: ['Matched.'],
          address: {
            houseNumber: '2300',
            preDirectional: null,
            streetName: 'CORPORATE PARK',
            streetSuffix: 'DR',
            postDirectional: null,
            city: 'HERNDON',
            state: 'VA',
            zip: '20171-4845',
            country: 'US',
            floor: null,
            suite: null,
            room: null,
          },
        };
      },
    };
    const deps = { ...sb.deps, voice: { addressValidator: verifying } };
    await expect(changeE911Address(deps, acc.actor, { user: voice.id, ...herndon })).resolves.toMatchObject({
      e911: { validatedBy: 'test-msag', verified: true },
    });
    expect(seen).toHaveLength(1);
    await expectRefusal(
      changeE911Address(deps, acc.actor, { user: voice.id, ...herndon, houseNumber: '9999' }),
      'E911.NOT_VERIFIED',
      'houseNumber',
    );
    const down = {
      ...sb.deps,
      voice: {
        addressValidator: {
          name: 'down',
          validate: async () => {
            throw new Error('ECONNREFUSED');
          },
        },
      },
    };
    await expectRefusal(
      changeE911Address(down, acc.actor, { user: voice.id, ...herndon }),
      'E911.VALIDATION_UNAVAILABLE',
    );
  });

  it('refuses Services View, and does not find a voice user at another site', async () => {
    const people = await voiceActors(sb, acc);
    const voice = await addVoiceUser(sb, acc, { site: acc.sites[0] });
    await expect(changeE911Address(sb.deps, people.manageHere, { user: voice.id, ...herndon })).resolves.toMatchObject({
      e911: { city: 'HERNDON' },
    });
    await expectRefusal(changeE911Address(sb.deps, people.viewHere, { user: voice.id, ...herndon }), 'AUTH.FORBIDDEN');
    await expectRefusal(
      changeE911Address(sb.deps, people.manageThere, { user: voice.id, ...herndon }),
      'VOICE.NOT_FOUND',
    );
  });
});

describe('registration report and group memberships', () => {
  it('reports recorded registrations, registered first, saying they are records and not a live query', async () => {
    const voice = await addVoiceUser(sb, acc, { name: 'Superman', phoneNumber: '+17039351801' });
    const empty = await voiceRegistrationReport(sb.deps, acc.actor, { user: voice.id });
    expect(empty).toMatchObject({ registered: false, registrations: [], asOf: null });
    expect(empty.note).toMatch(/No registration is on record.*no voice platform is connected/);
    const em = sb.orm.em.fork();
    const at = sb.clock.now();
    em.persist([
      Object.assign(new VoiceRegistration(), {
        profile: em.getReference(VoiceProfile, voice.id),
        registered: false,
        enterprise: 'E',
        groupName: 'G',
        username: 'Superman',
        lineUserId: '7039351801@megapathvoice.com',
        uri: 'sip:old@10.0.0.1',
        deviceType: 'VVX410',
        observedAt: new Date(at.getTime() - 86_400_000),
      }),
      Object.assign(new VoiceRegistration(), {
        profile: em.getReference(VoiceProfile, voice.id),
        registered: true,
        enterprise: 'MegaPath Demo Account for Cloud Services (ent_156447)',
        groupName: 'Billy Lab (ste_323731)',
        username: 'Superman',
        lineUserId: '7039351801@megapathvoice.com',
        uri: 'sip:156447_323731_136294_VVX450_F001@216.86.44.1',
        deviceType: 'VVX450',
        observedAt: at,
      }),
    ]);
    await em.flush();
    const report = await voiceRegistrationReport(sb.deps, acc.actor, { user: 'Superman' });
    expect(report).toMatchObject({ registered: true, asOf: at });
    expect(report.registrations.map((r) => [r.registered, r.deviceType])).toEqual([
      [true, 'VVX450'],
      [false, 'VVX410'],
    ]);
    expect(report.note).toMatch(/As last observed/);
  });

  it('lists hunt groups, call queues and the queues supervised', async () => {
    const voice = await addVoiceUser(sb, acc, { name: 'Billy Supervisor Two' });
    const em = sb.orm.em.fork();
    const site = em.getReference(Site, acc.sites[0]!.id);
    const account = em.getReference(Account, acc.account.id);
    const group = (kind: 'hunt-group' | 'call-queue', name: string) =>
      Object.assign(new VoiceGroup(), { account, site, kind, name, createdAt: sb.clock.now() });
    const groups = [
      group('hunt-group', 'Billy HG1'),
      group('call-queue', 'Billy Call Cntr 1'),
      group('call-queue', 'Billy Call Cntr Prem 1'),
      group('call-queue', 'Night Queue'),
    ];
    em.persist(groups);
    const profile = em.getReference(VoiceProfile, voice.id);
    em.persist([
      Object.assign(new VoiceGroupMember(), { group: groups[0], profile, agent: true, supervisor: false }),
      Object.assign(new VoiceGroupMember(), { group: groups[1], profile, agent: true, supervisor: true }),
      Object.assign(new VoiceGroupMember(), { group: groups[2], profile, agent: true, supervisor: true }),
      Object.assign(new VoiceGroupMember(), { group: groups[3], profile, agent: false, supervisor: true }),
    ]);
    await em.flush();
    const memberships = await voiceGroupMemberships(sb.deps, acc.actor, { user: voice.id });
    expect(memberships).toMatchObject({
      huntGroups: ['Billy HG1'],
      callQueues: ['Billy Call Cntr 1', 'Billy Call Cntr Prem 1'],
      supervisorOf: ['Billy Call Cntr 1', 'Billy Call Cntr Prem 1', 'Night Queue'],
    });
    expect(memberships.memberships).toHaveLength(4);
  });

  it('lets Services View of the site read the reports; a voice user at another site is not found', async () => {
    const people = await voiceActors(sb, acc);
    const voice = await addVoiceUser(sb, acc, { site: acc.sites[0] });
    await expect(voiceRegistrationReport(sb.deps, people.viewHere, { user: voice.id })).resolves.toMatchObject({
      registered: false,
    });
    await expect(voiceGroupMemberships(sb.deps, people.viewHere, { user: voice.id })).resolves.toMatchObject({
      huntGroups: [],
    });
    await expectRefusal(voiceRegistrationReport(sb.deps, people.manageThere, { user: voice.id }), 'VOICE.NOT_FOUND');
    await expectRefusal(voiceGroupMemberships(sb.deps, people.manageThere, { user: voice.id }), 'VOICE.NOT_FOUND');
  });
});
