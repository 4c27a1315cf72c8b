import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../../src/domain/entities/site.js';
import { ServiceError } from '../../src/domain/errors.js';
import type { Actor } from '../../src/services/context.js';
import {
  changeE911Address,
  editVoiceUser,
  openVoiceUserForChange,
  setVoicePassword,
  setVoicePin,
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
let people: Awaited<ReturnType<typeof voiceActors>>;
let theoId: string;
beforeAll(async () => {
  sb = await startTestSwitchboard();
  acc = await newAccount(sb);
  const [here, there] = acc.sites as [Site, Site];
  people = await voiceActors(sb, acc);
  const { user: theoPortal } = await addActor(
    sb,
    acc,
    { userId: 'theo.portal', email: 'theo.portal@example.com' },
    'regular',
  );
  await addActor(sb, acc, { userId: 'novoice.portal', email: 'novoice.portal@example.com' }, 'regular');
  await addVoiceUser(sb, acc, {
    name: 'Hana Here',
    phoneNumber: '+17039354001',
    extension: '4001',
    email: 'hana@voice.example.com',
    site: here,
  });
  theoId = (
    await addVoiceUser(sb, acc, {
      name: 'Theo There',
      phoneNumber: '+17039354002',
      extension: '4002',
      email: 'theo@voice.example.com',
      site: there,
      portalUser: theoPortal,
    })
  ).id;
  await addVoiceUser(sb, acc, { name: 'Pat Twin', phoneNumber: '+17039354101', extension: '4300', site: here });
  await addVoiceUser(sb, acc, { name: 'Pat Twin', phoneNumber: '+17039354102', extension: '4300', site: there });
  await addVoiceUser(sb, acc, {
    name: 'Sam Triple',
    phoneNumber: '+17039354201',
    extension: '4201',
    email: 'desk@voice.example.com',
    site: here,
  });
  await addVoiceUser(sb, acc, {
    name: 'Sam Triple',
    phoneNumber: '+17039354202',
    extension: '4202',
    email: 'desk@voice.example.com',
    site: here,
  });
  await addVoiceUser(sb, acc, {
    name: 'Sam Triple',
    phoneNumber: '+17039354203',
    extension: '4203',
    email: 'desk@voice.example.com',
    site: there,
  });
});
afterAll(async () => sb?.close());

const address = {
  houseNumber: '2300',
  streetName: 'corporate park',
  streetSuffix: 'drive',
  city: 'Herndon',
  state: 'va',
  zip: '20171',
};

/** Every voice service that takes one voice user, called with a reference. */
const SERVICES: Record<string, (actor: Actor, user: string) => Promise<unknown>> = {
  'voice show': (actor, user) => showVoiceUser(sb.deps, actor, { user }),
  'voice registrations': (actor, user) => voiceRegistrationReport(sb.deps, actor, { user }),
  'voice groups': (actor, user) => voiceGroupMemberships(sb.deps, actor, { user }),
  'voice edit (form)': (actor, user) => openVoiceUserForChange(sb.deps, actor, { user }, 'voice.edit'),
  'voice edit': (actor, user) => editVoiceUser(sb.deps, actor, { user, services: { fax: true } }),
  'voice pin': (actor, user) => setVoicePin(sb.deps, actor, { user, generate: true }),
  'voice password': (actor, user) => setVoicePassword(sb.deps, actor, { user, generate: true }),
  'voice e911': (actor, user) => changeE911Address(sb.deps, actor, { user, ...address }),
};

/** A voice user at the other site by each kind of reference, and a reference of the same kind that matches nobody. */
const REFERENCES: [kind: string, outOfReach: () => string, nobody: () => string][] = [
  ['id', () => theoId, () => randomUUID()],
  ['number', () => '+17039354002', () => '+17039354999'],
  ['number as typed', () => '(703) 935-4002', () => '(703) 935-4999'],
  ['extension', () => '4002', () => '4999'],
  ['name', () => 'Theo There', () => 'Nobody Else'],
  ['voice email', () => 'theo@voice.example.com', () => 'nobody@voice.example.com'],
  ['portal User ID', () => 'theo.portal', () => 'novoice.portal'],
  ['portal email', () => 'theo.portal@example.com', () => 'nobody.portal@example.com'],
];

/** A refusal as the actor sees it, with the reference they typed taken out. */
async function answer(call: Promise<unknown>, ref: string) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${ref} should be refused`).toBeInstanceOf(ServiceError);
  const { code, message, fields } = error as ServiceError;
  const blank = (text: string) => text.replaceAll(ref, '<ref>');
  return { code, message: blank(message), fields: fields.map((f) => ({ field: f.field, message: blank(f.message) })) };
}

describe('voice users out of reach look like voice users that do not exist', () => {
  for (const [service, call] of Object.entries(SERVICES)) {
    it(`${service}: a Services user limited to one site gets the same answer for a voice user elsewhere as for nobody`, async () => {
      for (const actor of [people.manageHere, people.viewHere]) {
        for (const [kind, outOfReach, nobody] of REFERENCES) {
          const [ref, none] = [outOfReach(), nobody()];
          const elsewhere = await answer(call(actor, ref), ref);
          expect(elsewhere, `${kind} ${ref}`).toEqual(await answer(call(actor, none), none));
          expect(elsewhere.code).toBe('VOICE.NOT_FOUND');
          expect(JSON.stringify(elsewhere)).not.toMatch(/Theo|Little River|3992460|4002/);
        }
      }
    });
  }

  it('someone who may not see voice users at all gets the same refusal for every reference, before any lookup', async () => {
    for (const [service, call] of Object.entries(SERVICES)) {
      const answers = await Promise.all(
        ['Hana Here', 'Theo There', 'Nobody Else'].map((ref) => answer(call(people.hidden, ref), ref)),
      );
      expect(answers[0]!.code, service).toBe('AUTH.FORBIDDEN');
      expect(answers[1], service).toEqual(answers[0]);
      expect(answers[2], service).toEqual(answers[0]);
    }
  });

  it('a Services View user is told they may not change a voice user they can see, and gets not-found for one they cannot', async () => {
    const seen = await expectRefusal(
      setVoicePin(sb.deps, people.viewHere, { user: 'Hana Here', generate: true }),
      'AUTH.FORBIDDEN',
    );
    expect(seen.message).toMatch(/Services Manage/);
    await expectRefusal(
      setVoicePin(sb.deps, people.viewHere, { user: 'Theo There', generate: true }),
      'VOICE.NOT_FOUND',
      'user',
    );
  });

  it('the same voice users are found for someone who may see every site', async () => {
    for (const actor of [people.admin, people.manageAll]) {
      for (const [kind, outOfReach] of REFERENCES) {
        expect((await showVoiceUser(sb.deps, actor, { user: outOfReach() })).id, kind).toBe(theoId);
      }
    }
  });
});

describe('ambiguous references name only voice users within reach', () => {
  it('a name shared across sites: the limited user is offered only the ones at their site', async () => {
    const limited = await expectRefusal(
      showVoiceUser(sb.deps, people.manageHere, { user: 'Sam Triple' }),
      'VOICE.AMBIGUOUS',
      'user',
    );
    expect(limited.message).toMatch(/^"Sam Triple" matches 2 voice users: /);
    expect(limited.message).toContain('+17039354201');
    expect(limited.message).toContain('+17039354202');
    expect(limited.message).not.toMatch(/4203|Little River/);
    const everyone = await expectRefusal(
      showVoiceUser(sb.deps, people.admin, { user: 'Sam Triple' }),
      'VOICE.AMBIGUOUS',
    );
    expect(everyone.message).toMatch(/matches 3 voice users: .*\+17039354203, Little River/);
  });

  it('a voice email shared across sites: the same', async () => {
    const limited = await expectRefusal(
      editVoiceUser(sb.deps, people.manageHere, { user: 'desk@voice.example.com', services: { fax: true } }),
      'VOICE.AMBIGUOUS',
    );
    expect(limited.message).toMatch(/matches 2 voice users/);
    expect(limited.message).not.toMatch(/4203|Little River/);
  });

  it('a reference ambiguous only across sites is one voice user for someone who sees one of the sites', async () => {
    expect(await showVoiceUser(sb.deps, people.manageHere, { user: '4300' })).toMatchObject({
      phoneNumber: '+17039354101',
    });
    expect(await showVoiceUser(sb.deps, people.manageThere, { user: 'Pat Twin' })).toMatchObject({
      phoneNumber: '+17039354102',
    });
    await expectRefusal(showVoiceUser(sb.deps, people.admin, { user: '4300' }), 'VOICE.AMBIGUOUS');
  });
});

describe('a phone number in use elsewhere', () => {
  it('is refused without naming a holder the actor may not see', async () => {
    const hidden = await expectRefusal(
      editVoiceUser(sb.deps, people.manageHere, { user: 'Hana Here', phoneNumber: '+17039354002' }),
      'VOICE.DUPLICATE_NUMBER',
      'phoneNumber',
    );
    expect(hidden.message).toBe(
      '+17039354002 is already the number of another voice user; choose another number or ask for theirs to be changed first.',
    );
    const seen = await expectRefusal(
      editVoiceUser(sb.deps, people.admin, { user: 'Hana Here', phoneNumber: '+17039354002' }),
      'VOICE.DUPLICATE_NUMBER',
    );
    expect(seen.message).toMatch(/^\+17039354002 is already the number of voice user Theo There;/);
  });
});
