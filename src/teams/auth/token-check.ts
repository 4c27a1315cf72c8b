import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { KeySetUnavailable, OpenIdKeySet, type KeySetOptions } from './key-set.js';

/** Where Bot Framework tokens come from, as the adapter is configured (the public cloud's by default). */
export interface TokenSources {
  /** The Bot Connector's OpenID configuration and the issuer of its tokens. */
  channel: { metadataUrl: string; issuer: string };
  /** Microsoft Entra ID's (tokens of the Emulator and other bots). */
  entraMetadataUrl: string;
}

export const PUBLIC_CLOUD: TokenSources = {
  channel: {
    metadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
    issuer: 'https://api.botframework.com',
  },
  entraMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
};

/** Issuers of Microsoft Entra ID tokens (v1 and v2, public and US government clouds). */
const ENTRA_ISSUER =
  /^https:\/\/(?:sts\.windows\.net\/[0-9a-f-]{36}\/|login\.microsoftonline\.(?:com|us)\/[0-9a-f-]{36}\/(?:v2\.0)?)$/i;

export type TokenVerdict =
  | { ok: true }
  /** 401: not a token that was signed by the Bot Framework for this bot, now. */
  | { ok: false; status: 401; reason: string }
  /** 503: the key set could not be fetched, so no token can be told good or bad. */
  | { ok: false; status: 503; reason: string };

/** Microsoft's tolerance for clock skew, as botbuilder applies it. */
const CLOCK_TOLERANCE_S = 5 * 60;

/**
 * Checks a Bot Framework token before botbuilder does: its signature with a key of the issuer's
 * published set, the algorithm (RS256), the issuer, its lifetime, and the key's endorsement of
 * the channel. A token that passes here passes botbuilder's same checks, so botbuilder never meets
 * one it would fail noisily (a stack trace on stderr, a 500 with its error text); botbuilder then
 * checks the rest (audience, service URL) itself.
 */
export class BotTokenCheck {
  private readonly channelKeys: OpenIdKeySet;
  private readonly entraKeys: OpenIdKeySet;

  constructor(
    private readonly sources: TokenSources = PUBLIC_CLOUD,
    options: KeySetOptions = {},
  ) {
    this.channelKeys = new OpenIdKeySet(sources.channel.metadataUrl, options);
    this.entraKeys = new OpenIdKeySet(sources.entraMetadataUrl, options);
  }

  async verify(authorization: string, channelId: string | undefined): Promise<TokenVerdict> {
    const token = /^Bearer (\S+)$/i.exec(authorization)?.[1];
    const decoded = token ? jwt.decode(token, { complete: true }) : null;
    if (!token || !decoded || typeof decoded.payload !== 'object') return refused('not a JSON Web Token');
    const { kid, alg } = decoded.header;
    const issuer = decoded.payload.iss;
    if (alg !== 'RS256') return refused(`signed with ${alg}, not RS256`);
    if (!kid) return refused('no key id');
    const keys =
      issuer === this.sources.channel.issuer
        ? this.channelKeys
        : issuer && ENTRA_ISSUER.test(issuer)
          ? this.entraKeys
          : null;
    if (!keys) return refused('not issued by the Bot Framework or Microsoft Entra ID');
    let key;
    try {
      key = await keys.key(kid);
    } catch (error) {
      if (error instanceof KeySetUnavailable) return { ok: false, status: 503, reason: error.message };
      throw error;
    }
    if (!key) return refused('signed with a key the Bot Framework does not publish');
    try {
      jwt.verify(token, createPublicKey({ key, format: 'jwk' }), {
        algorithms: ['RS256'],
        issuer,
        clockTolerance: CLOCK_TOLERANCE_S,
      });
    } catch (error) {
      return refused((error as Error).message);
    }
    // As botbuilder: a key with endorsements must endorse the activity's channel, when it names one.
    if (key.endorsements?.length && channelId?.trim() && !key.endorsements.includes(channelId)) {
      return refused(`the key is not endorsed for channel ${channelId}`);
    }
    return { ok: true };
  }
}

function refused(reason: string): TokenVerdict {
  return { ok: false, status: 401, reason };
}
