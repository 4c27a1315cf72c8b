import { z } from 'zod/v4';
import { Site } from '../../domain/entities/site.js';
import type { Actor, ServiceDeps } from '../context.js';
import { runQuery } from '../run.js';
import type { SiteRef } from './user-dto.js';

/** The sites of the actor's account, by name (any enabled user of the account may see them). */
export async function listSites(
  deps: ServiceDeps,
  actor: Actor,
): Promise<(SiteRef & { city: string; state: string })[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'site.list',
      schema: z.object({}),
      async run(_input, { em, account }) {
        const sites = await em.find(Site, { account }, { orderBy: { name: 'asc' } });
        return sites.map((s) => ({
          id: s.id,
          name: s.name,
          accountNumber: s.accountNumber,
          city: s.city,
          state: s.state,
        }));
      },
    },
    {},
  );
}
