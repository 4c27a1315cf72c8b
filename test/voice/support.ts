import { Account } from '../../src/domain/entities/account.js';
import { PortalUser } from '../../src/domain/entities/portal-user.js';
import { Site } from '../../src/domain/entities/site.js';
import { VoiceProfile } from '../../src/domain/entities/voice-profile.js';
import { addActor, type TestAccount, type TestSwitchboard } from '../support/switchboard.js';

let serial = 0;

/** A voice user written directly (there is no "create voice user" service), at the account's first site unless told. */
export async function addVoiceUser(
  sb: TestSwitchboard,
  acc: TestAccount,
  fields: Partial<Omit<VoiceProfile, 'site'>> & { site?: Site } = {},
): Promise<VoiceProfile> {
  const em = sb.orm.em.fork();
  const n = ++serial;
  const now = sb.clock.now();
  const { site, portalUser, ...rest } = fields;
  const profile = Object.assign(new VoiceProfile(), {
    account: em.getReference(Account, acc.account.id),
    site: em.getReference(Site, (site ?? acc.sites[0]!).id),
    portalUser: portalUser ? em.getReference(PortalUser, portalUser.id) : null,
    name: `Voice User ${n}`,
    directoryFirstName: 'Voice',
    directoryLastName: `User ${n}`,
    timeZone: 'US/Eastern',
    phoneNumber: `+1703935${String(2000 + n).padStart(4, '0')}`,
    extension: String(2000 + n),
    callingPlan: 'Hosted Voice Common Line National (M)',
    createdAt: now,
    updatedAt: now,
    ...rest,
  });
  em.persist(profile);
  await em.flush();
  return profile;
}

/** Gives a portal user access to exactly these sites. */
async function grantSites(sb: TestSwitchboard, user: PortalUser, sites: Site[]): Promise<void> {
  const em = sb.orm.em.fork();
  const stored = await em.findOneOrFail(PortalUser, { id: user.id }, { populate: ['sites'] });
  stored.sites.set(sites.map((site) => em.getReference(Site, site.id)));
  await em.flush();
}

/**
 * The people of the authorization rule: the account's Administrator; Services Manage
 * users of site 1, of site 2 and of all sites; a Services View user of site 1; and a
 * user whose Services permission is Hide.
 */
export async function voiceActors(sb: TestSwitchboard, acc: TestAccount) {
  const [site1, site2] = acc.sites as [Site, Site];
  const person = async (
    name: string,
    role: 'support' | 'read-only',
    fields: Partial<PortalUser>,
    sites: Site[] = [],
  ) => {
    const n = ++serial;
    const { user, actor } = await addActor(
      sb,
      acc,
      { userId: `${name}.${n}`, email: `${name}.${n}@example.com`, ...fields },
      role,
    );
    if (sites.length > 0) await grantSites(sb, user, sites);
    return actor;
  };
  return {
    admin: acc.actor,
    manageHere: await person('manage.here', 'support', { accessAllSites: false }, [site1]),
    manageThere: await person('manage.there', 'support', { accessAllSites: false }, [site2]),
    manageAll: await person('manage.all', 'support', { accessAllSites: true }),
    viewHere: await person('view.here', 'read-only', { accessAllSites: false }, [site1]),
    hidden: await person('hidden', 'read-only', { accessAllSites: true, services: 'hide' }),
  };
}
