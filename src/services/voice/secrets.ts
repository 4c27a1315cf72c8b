import type { EntityManager } from '@mikro-orm/core';
import { VoiceCredential } from '../../domain/entities/voice-credential.js';
import type { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { verifySecret } from '../../domain/secret-hash.js';

/** The voice user's credential row, created (unsaved) if they have none yet. */
export async function credentialFor(em: EntityManager, profile: VoiceProfile): Promise<VoiceCredential> {
  const existing = await em.findOne(VoiceCredential, { profile });
  if (existing) return existing;
  const credential = Object.assign(new VoiceCredential(), { profile });
  em.persist(credential);
  return credential;
}

/** True when the secret matches any of the stored hashes. */
export async function matchesAny(secret: string, hashes: (string | null)[]): Promise<boolean> {
  for (const hash of hashes) {
    if (hash && (await verifySecret(secret, hash))) return true;
  }
  return false;
}

/** Whether a secret is set, for an audit event's before and after: never the secret or its hash. */
export function secretState(
  set: boolean,
  source: string | null,
  changedAt: Date | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { set, source, changedAt, ...extra };
}
