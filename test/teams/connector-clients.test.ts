import { AuthenticationConstants, ClaimsIdentity, ServiceClientCredentialsFactory } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { KeptClientsBotFrameworkAuthentication } from '../../src/teams/connector-clients.js';

const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

/** Credentials that sign nothing; `failures` makes the first ones fail, as bad credentials would. */
class Credentials extends ServiceClientCredentialsFactory {
  made = 0;
  constructor(private failures = 0) {
    super();
  }
  async isValidAppId(appId: string) {
    return appId === APP_ID;
  }
  async isAuthenticationDisabled() {
    return false;
  }
  async createCredentials() {
    this.made++;
    if (this.failures-- > 0) throw new Error('no token for you');
    return { signRequest: async (request: unknown) => request } as never;
  }
}

const claims = (appId = APP_ID) =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('Bot Connector and user token clients kept across turns', () => {
  it('hands every turn to the same service URL the same client, made once', async () => {
    const credentials = new Credentials();
    const auth = new KeptClientsBotFrameworkAuthentication({}, credentials);
    const amer = 'https://smba.trafficmanager.net/amer/';
    const first = await auth.createConnectorFactory(claims()).create(amer);
    const again = await auth.createConnectorFactory(claims()).create(amer);
    expect(again).toBe(first);
    expect(credentials.made).toBe(1);
    const emea = await auth.createConnectorFactory(claims()).create('https://smba.trafficmanager.net/emea/');
    expect(emea).not.toBe(first);
    const otherAudience = await auth.createConnectorFactory(claims()).create(amer, 'https://api.botframework.us');
    expect(otherAudience).not.toBe(first);
    const otherBot = await auth.createConnectorFactory(claims('another-app')).create(amer);
    expect(otherBot).not.toBe(first);
    expect(credentials.made).toBe(4);
  });

  it('hands every turn of the same bot the same user token client, made once', async () => {
    const credentials = new Credentials();
    const auth = new KeptClientsBotFrameworkAuthentication({}, credentials);
    const first = await auth.createUserTokenClient(claims());
    expect(await auth.createUserTokenClient(claims())).toBe(first);
    expect(credentials.made).toBe(1);
    expect(await auth.createUserTokenClient(claims('another-app'))).not.toBe(first);
  });

  it('keeps the most recently used clients, up to its size', async () => {
    const auth = new KeptClientsBotFrameworkAuthentication({}, new Credentials(), 2);
    const client = (url: string) => auth.createConnectorFactory(claims()).create(url);
    const a = await client('https://a.example/');
    const b = await client('https://b.example/');
    expect(await client('https://a.example/')).toBe(a);
    await client('https://c.example/');
    expect(await client('https://a.example/')).toBe(a);
    expect(await client('https://b.example/')).not.toBe(b);
  });

  it('makes a client afresh after one could not be made', async () => {
    const credentials = new Credentials(1);
    const auth = new KeptClientsBotFrameworkAuthentication({}, credentials);
    const url = 'https://smba.trafficmanager.net/amer/';
    await expect(auth.createConnectorFactory(claims()).create(url)).rejects.toThrow('no token for you');
    const client = await auth.createConnectorFactory(claims()).create(url);
    expect(client).toBeDefined();
    expect(await auth.createConnectorFactory(claims()).create(url)).toBe(client);
    expect(credentials.made).toBe(2);
  });
});
