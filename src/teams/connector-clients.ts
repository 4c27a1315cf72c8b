import {
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { CachedLookup } from '../lib/cached-lookup.js';

/** The bot's app id as botbuilder's connector factory takes it from the claims (audience, else app id). */
const appIdOf = (claims: ClaimsIdentity): string =>
  claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

/**
 * Clients made so far, the `size` most recently used, by what each is made of besides the bot's
 * own settings (for a Bot Connector client: app id, service URL and audience); one made at a time
 * per key, and one that could not be made (its credentials, say) made afresh next time.
 */
const keptClients = <T>(size: number) => new CachedLookup<T>(Number.POSITIVE_INFINITY, size);

/** A connector factory that hands out the clients `clients` keeps, made by `made` when new. */
class KeptConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly made: ConnectorFactory,
    private readonly appId: string,
    private readonly clients: CachedLookup<ConnectorClient>,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.appId, serviceUrl, audience ?? null]);
    return this.clients.get(key, () => this.made.create(serviceUrl, audience));
  }
}

/**
 * botbuilder's configuration-based authentication, except that its clients are made once and
 * reused: a Bot Connector client per service URL, a user token client per app id. botbuilder
 * makes both for every activity, answered or not, each with credentials and an HTTP pipeline of a
 * dozen policies: a third of the CPU time of a Teams message or invoke under load, and much of its
 * garbage. A client holds nothing of a turn (its credentials renew their own token), so every turn
 * can share it.
 */
export class KeptClientsBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors: CachedLookup<ConnectorClient>;
  private readonly userTokens: CachedLookup<UserTokenClient>;

  constructor(
    auth: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory?: ServiceClientCredentialsFactory,
    size = 100,
  ) {
    super(auth, credentialsFactory);
    this.connectors = keptClients(size);
    this.userTokens = keptClients(size);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    const appId = appIdOf(result.claimsIdentity);
    return { ...result, connectorFactory: new KeptConnectorFactory(result.connectorFactory, appId, this.connectors) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const made = super.createConnectorFactory(claimsIdentity);
    return new KeptConnectorFactory(made, appIdOf(claimsIdentity), this.connectors);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }
}
