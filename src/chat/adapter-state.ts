import type { CommandRegistry } from '../../commands/types.js';
import type { Logger } from '../lib/logger.js';
import type { ServiceDeps } from '../services/context.js';
import type { BackgroundWork } from './background.js';
import type { DeliveryLedger } from './delivery-ledger.js';
import type { IdentityResolver } from './identity.js';

/**
 * What every chat adapter (Slack, Teams) works with, whatever its platform: the services, its
 * logger, the identity resolver, the persisted once-only ledger and the work after acknowledgements.
 * SlackState and TeamsState build on it.
 */
export interface ChatAdapterState {
  readonly platform: 'slack' | 'teams';
  readonly deps: ServiceDeps;
  readonly logger: Logger;
  readonly identities: IdentityResolver;
  readonly ledger: DeliveryLedger;
  readonly background: BackgroundWork;
  /** The commands and forms offered (the default registry, or a test's own). */
  readonly registry: CommandRegistry;
}
