import type {
  GroupMembershipRow,
  GroupMemberships,
  RegistrationReport,
  RegistrationRow,
} from '../../domain/dto/voice-dto.js';
import { VoiceGroupMember } from '../../domain/entities/voice-group.js';
import { VoiceRegistration } from '../../domain/entities/voice-registration.js';
import type { Actor } from '../context.js';
import { runQuery } from '../run.js';
import { findVoiceProfileFor } from './access.js';
import { provisionerOf, type VoiceServiceDeps } from './options.js';
import { voiceUserRefInput } from './query.js';
import { toVoiceUserSummary } from './voice-dto.js';

export type { GroupMembershipRow, GroupMemberships, RegistrationReport, RegistrationRow };

/** The registrations on record for a voice user, registered devices first. */
export async function voiceRegistrationReport(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown,
): Promise<RegistrationReport> {
  return runQuery(
    deps,
    actor,
    {
      action: 'voice.registrations',
      schema: voiceUserRefInput,
      async run(data, { em, account, actor: actorUser }) {
        const profile = await findVoiceProfileFor(em, account, actorUser, data.user, 'view');
        const rows = await em.find(
          VoiceRegistration,
          { profile },
          { orderBy: { registered: 'desc', observedAt: 'desc', uri: 'asc' } },
        );
        const asOf = rows.reduce<Date | null>(
          (latest, row) => (latest === null || row.observedAt > latest ? row.observedAt : latest),
          null,
        );
        const platform = provisionerOf(deps).platform;
        const source = platform
          ? `Switchboard's records (${platform} is not queried live for this report)`
          : "Switchboard's records: no voice platform is connected to query live";
        return {
          user: toVoiceUserSummary(profile),
          registered: rows.some((row) => row.registered),
          registrations: rows.map(
            ({ registered, enterprise, groupName, username, lineUserId, uri, deviceType, observedAt }) => ({
              registered,
              enterprise,
              groupName,
              username,
              lineUserId,
              uri,
              deviceType,
              observedAt,
            }),
          ),
          asOf,
          note:
            rows.length === 0
              ? `No registration is on record for this user (${source}).`
              : `As last observed, from ${source}.`,
        };
      },
    },
    input,
  );
}

export async function voiceGroupMemberships(
  deps: VoiceServiceDeps,
  actor: Actor,
  input: unknown,
): Promise<GroupMemberships> {
  return runQuery(
    deps,
    actor,
    {
      action: 'voice.groups',
      schema: voiceUserRefInput,
      async run(data, { em, account, actor: actorUser }) {
        const profile = await findVoiceProfileFor(em, account, actorUser, data.user, 'view');
        const members = await em.find(
          VoiceGroupMember,
          { profile },
          { populate: ['group'], orderBy: { group: { kind: 'asc', name: 'asc' }, id: 'asc' } },
        );
        const memberships = members.map((m) => ({
          group: m.group.name,
          kind: m.group.kind,
          phoneNumber: m.group.phoneNumber,
          extension: m.group.extension,
          agent: m.agent,
          supervisor: m.supervisor,
        }));
        return {
          user: toVoiceUserSummary(profile),
          huntGroups: memberships.filter((m) => m.kind === 'hunt-group' && m.agent).map((m) => m.group),
          callQueues: memberships.filter((m) => m.kind === 'call-queue' && m.agent).map((m) => m.group),
          supervisorOf: memberships.filter((m) => m.supervisor).map((m) => m.group),
          memberships,
        };
      },
    },
    input,
  );
}
