import type { MikroORM } from '@mikro-orm/core';
import { loadVoiceDemoData } from './demo-voice-data.js';
import { Account } from '../domain/entities/account.js';
import { PortalUser } from '../domain/entities/portal-user.js';
import { Site } from '../domain/entities/site.js';
import { permissionsFor, type Permissions } from '../domain/permissions.js';
import { emailKey, userIdKey } from '../domain/user-fields.js';

/** The demo account of the reference documents (seeds/000 and 001). */
export const DEMO_ACCOUNT = 'Corporate Account For Cloud Services';

export const DEMO_SITES = [
  { name: 'Ashley Palacol', accountNumber: '3418205', city: 'HERNDON', state: 'VA' },
  { name: 'Billy Fisher', accountNumber: '3850266', city: 'HERNDON', state: 'VA' },
  { name: 'Billy Fisher LITTLE RIVER', accountNumber: '3992460', city: 'LITTLE RIVER', state: 'SC' },
];

const hideAll: Permissions = {
  ...permissionsFor('read-only'),
  accessAllSites: false,
  invoices: 'hide',
  orders: 'hide',
  services: 'hide',
  tickets: 'hide',
};

/** Alex Stewart comes first: the console acts as the first Administrator. */
export const DEMO_USERS: {
  userId: string;
  label: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  permissions: Permissions;
}[] = [
  {
    userId: 'astewart',
    label: 'Alex Stewart',
    firstName: 'Alex',
    lastName: 'Stewart',
    email: 'alex.stewart@example.com',
    phone: '+17035550101',
    permissions: permissionsFor('admin'),
  },
  {
    userId: 'bfisher',
    label: 'Billy Fisher',
    firstName: 'Billy',
    lastName: 'Fisher',
    email: 'billy.fisher@example.com',
    phone: '+17035550102',
    permissions: permissionsFor('admin'),
  },
  {
    userId: 'cburns',
    label: 'Cindy Burns',
    firstName: 'Cindy',
    lastName: 'Burns',
    email: 'cindy.burns@example.com',
    phone: '+17035550103',
    permissions: permissionsFor('admin'),
  },
  {
    userId: 'kjohnson',
    label: 'Kyle Johnson',
    firstName: 'Kyle',
    lastName: 'Johnson',
    email: 'kyle.johnson@example.com',
    phone: '+17035550104',
    permissions: permissionsFor('admin'),
  },
  {
    userId: 'Staku',
    label: 'Staku',
    firstName: 'Sama',
    lastName: 'Taku',
    email: 'sama.taku@example.com',
    phone: '+17035550105',
    permissions: permissionsFor('admin'),
  },
  {
    userId: '7039351803@megapathvoice.com',
    label: 'Aquaman Aquaman (+17039351803)',
    firstName: 'Spider',
    lastName: 'Man',
    email: 'spider.man@example.com',
    phone: '+17039351803',
    permissions: hideAll,
  },
];

export interface DemoLoadResult {
  account: Account;
  created: {
    accounts: number;
    sites: number;
    users: number;
    voiceSites: number;
    voiceUsers: number;
    voiceGroups: number;
  };
}

/** Loads the demo account, its sites and users; what exists already is left as it is. */
export async function loadDemoData(orm: MikroORM, now = new Date()): Promise<DemoLoadResult> {
  return orm.em.fork().transactional(async (em) => {
    const created = { accounts: 0, sites: 0, users: 0, voiceSites: 0, voiceUsers: 0, voiceGroups: 0 };
    let account = await em.findOne(Account, { name: DEMO_ACCOUNT });
    if (!account) {
      account = Object.assign(new Account(), { name: DEMO_ACCOUNT, createdAt: now });
      em.persist(account);
      created.accounts++;
    }
    for (const site of DEMO_SITES) {
      if (!(await em.findOne(Site, { account, accountNumber: site.accountNumber }))) {
        em.persist(Object.assign(new Site(), { ...site, account, createdAt: now }));
        created.sites++;
      }
    }
    for (const demo of DEMO_USERS) {
      if (await em.findOne(PortalUser, { account, userIdKey: userIdKey(demo.userId) })) continue;
      const { permissions, ...profile } = demo;
      em.persist(
        Object.assign(new PortalUser(), {
          ...profile,
          ...permissions,
          account,
          userIdKey: userIdKey(demo.userId),
          emailKey: emailKey(demo.email),
          state: 'enabled',
          createdAt: now,
          updatedAt: now,
        }),
      );
      created.users++;
    }
    const voice = await loadVoiceDemoData(em, account, now);
    Object.assign(created, {
      sites: created.sites + voice.sites,
      voiceSites: voice.voiceSites,
      voiceUsers: voice.voiceUsers,
      voiceGroups: voice.voiceGroups,
    });
    await em.flush();
    return { account, created };
  });
}

/** The demo account's first enabled Administrator (the console's default identity). */
export async function firstAdministrator(orm: MikroORM, accountName = DEMO_ACCOUNT): Promise<PortalUser | null> {
  const em = orm.em.fork();
  return em.findOne(
    PortalUser,
    { account: { name: accountName }, administrator: true, state: 'enabled' },
    { orderBy: { createdAt: 'asc', userIdKey: 'asc' } },
  );
}
