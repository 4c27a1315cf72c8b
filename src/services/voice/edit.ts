import type { z } from 'zod/v4';
import type { EntityManager } from '@mikro-orm/core';
import type { PortalUser } from '../../domain/entities/portal-user.js';
import { VoiceProfile } from '../../domain/entities/voice-profile.js';
import { ServiceError, type FieldIssue } from '../../domain/errors.js';
import { editVoiceUserInput, MAX_EMAIL_COPIES } from '../../domain/inputs/voice-inputs.js';
import type { Actor, ChangeResult, ServiceDeps } from '../context.js';
import { defineOperation } from '../operation.js';
import { runOperation } from '../run.js';
import { findVoiceProfileFor, voiceSitesOf } from './access.js';
import { platformUser, provision } from './options.js';
import type { ProvisioningReceipt } from './provisioning.js';
import {
  loadCredential,
  loadE911,
  toVoiceUserDto,
  voiceSnapshot,
  voiceTarget,
  type VoiceUserDto,
} from './voice-dto.js';

export { editVoiceUserInput, MAX_EMAIL_COPIES };

type EditInput = z.output<typeof editVoiceUserInput>;

const DETAIL_FIELDS = [
  'name',
  'directoryFirstName',
  'directoryLastName',
  'timeZone',
  'phoneNumber',
  'extension',
  'callerIdNumber',
  'email',
] as const;

function applyChanges(profile: VoiceProfile, data: EditInput): number {
  let given = 0;
  const set = <K extends keyof VoiceProfile>(key: K, value: VoiceProfile[K] | undefined) => {
    if (value === undefined) return;
    given++;
    profile[key] = value;
  };
  for (const key of DETAIL_FIELDS) set(key, data[key] as VoiceProfile[typeof key] | undefined);
  const services = data.services;
  set('zeroOutEnabled', services?.zeroOut?.enabled);
  set('zeroOutNumber', services?.zeroOut?.phoneNumber);
  set('callRecording', services?.callRecording);
  set('fax', services?.fax);
  set('voicemailTranscription', services?.transcription);
  set('audioConferencing', services?.audioConferencing?.enabled);
  set('conferenceId', services?.audioConferencing?.conferenceId);
  set('bridgeName', services?.audioConferencing?.bridgeName);
  set('bridgeNumber', services?.audioConferencing?.bridgeNumber);
  set('emailCopiesEnabled', services?.emailCopies?.enabled);
  set('emailCopyAddresses', services?.emailCopies?.addresses);
  return given;
}

/** The rules that span fields, checked on the profile as it would be saved. */
function requireConsistent(profile: VoiceProfile): void {
  const issues: FieldIssue[] = [];
  if (profile.zeroOutEnabled && !profile.zeroOutNumber) {
    issues.push({
      field: 'services.zeroOut.phoneNumber',
      message: "'0' Out needs the phone number that callers reach when they press 0; give it, or turn '0' Out off.",
    });
  }
  if (profile.emailCopiesEnabled && profile.emailCopyAddresses.length === 0) {
    issues.push({
      field: 'services.emailCopies.addresses',
      message: 'Email Message Copies needs at least one email address; give one, or turn the copies off.',
    });
  }
  if (issues.length > 0) throw ServiceError.validation(issues);
}

/** A number in use is refused; its holder is named only to someone who may see them. */
async function requireFreeNumbers(
  em: EntityManager,
  actor: PortalUser,
  profile: VoiceProfile,
  data: EditInput,
): Promise<void> {
  if (data.phoneNumber) {
    const holder = await em.findOne(VoiceProfile, {
      account: profile.account,
      phoneNumber: data.phoneNumber,
      id: { $ne: profile.id },
    });
    if (holder) {
      const reach = await voiceSitesOf(em, actor, 'view');
      const who =
        reach === 'all' || reach.some((site) => site.id === holder.site.id)
          ? `voice user ${holder.name}`
          : 'another voice user';
      const message = `${data.phoneNumber} is already the number of ${who}; choose another number or ask for theirs to be changed first.`;
      throw ServiceError.field('VOICE.DUPLICATE_NUMBER', 'phoneNumber', message);
    }
  }
  if (data.extension) {
    const holder = await em.findOne(VoiceProfile, {
      site: profile.site,
      extension: data.extension,
      id: { $ne: profile.id },
    });
    if (holder)
      throw ServiceError.field(
        'VOICE.DUPLICATE_EXTENSION',
        'extension',
        `Extension ${data.extension} is already used by ${holder.name} at ${profile.site.name}; extensions are unique within a site.`,
      );
  }
}

/** The voice user as saved, and where the change went (the voice platform, its queue, or Switchboard only). */
export type EditVoiceUserResult = VoiceUserDto & { provisioning: ProvisioningReceipt };

/** Edits a voice user's details (names, time zone, numbers, email) and user services. */
export const editVoiceUserOperation = defineOperation({
  name: 'voice.edit',
  label: 'Edit voice user',
  input: editVoiceUserInput,
  approval: { rules: [] },
  async run(data, scope): Promise<ChangeResult<EditVoiceUserResult>> {
    const { em, account, now } = scope;
    const named = (found: VoiceProfile) => (scope.target = voiceTarget(found));
    const profile = await findVoiceProfileFor(em, account, scope.actor, data.user, 'manage', named);
    if (data.expectedVersion !== undefined && data.expectedVersion !== profile.version) {
      throw new ServiceError(
        'VOICE.CONFLICT',
        `${profile.name} was changed by someone else after you opened it; nothing was saved. ` +
          'Open it again to see the current values.',
      );
    }
    const before = voiceSnapshot(profile);
    // Checked before the profile changes: a query would flush the change first.
    await requireFreeNumbers(em, scope.actor, profile, data);
    if (applyChanges(profile, data) === 0) {
      throw ServiceError.field(
        'VALIDATION.INVALID',
        'input',
        'Nothing to change: give at least one detail or user service.',
      );
    }
    requireConsistent(profile);
    profile.updatedAt = now;
    const after = voiceSnapshot(profile);
    const changes = Object.fromEntries(
      Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])),
    );
    const receipt = await provision(scope, 'profile change', (p) => p.updateUser(platformUser(profile), changes));
    await em.flush();
    const view = toVoiceUserDto(profile, await loadCredential(em, profile), await loadE911(em, profile), now);
    return {
      result: { ...view, provisioning: receipt },
      before,
      after: { ...after, provisioning: receipt.status },
    };
  },
});

/** Edits a voice user at once, ungated (the front ends go through the approval gate: `ctx.run`). */
export const editVoiceUser = (deps: ServiceDeps, actor: Actor, input: z.input<typeof editVoiceUserInput>) =>
  runOperation(deps, actor, editVoiceUserOperation, input);
