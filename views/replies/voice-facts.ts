import type { Page } from '../../src/domain/dto/page.js';
import type {
  E911Dto,
  GroupMemberships,
  RegistrationReport,
  SecretStatus,
  VoiceUserDto,
  VoiceUserSummary,
} from '../../src/domain/dto/voice-dto.js';
import type { ProvisioningStatus } from '../../src/domain/entities/voice-credential.js';
import { pageFooter, type ReplyBlock } from '../reply.js';
import { provisioningLabel } from './voice-replies.js';
import { when } from './user-facts.js';

const dash = (value: string | null | undefined) => value || '-';
const yesNo = (flag: boolean) => (flag ? 'Yes' : 'No');

/** The portal's All Users table of hosted voice. */
export function voiceUserTable(page: Page<VoiceUserSummary>, nextCommand: string): ReplyBlock {
  return {
    type: 'table',
    columns: ['Name', 'Directory Name', 'Extension', 'Phone Number', 'Email', 'Calling Plan', 'Site'],
    rows: page.items.map((u) => [
      u.name,
      `${u.directoryFirstName} ${u.directoryLastName}`.trim(),
      dash(u.extension),
      dash(u.phoneNumber),
      dash(u.email),
      dash(u.callingPlan),
      u.site.name,
    ]),
    footer: pageFooter(page.page, page.pageSize, page.total, nextCommand, 'voice users'),
  };
}

/** Voice profile, E911 address and services; for PIN and password only whether they are set. */
export function voiceUserFacts(user: VoiceUserDto): ReplyBlock[] {
  const s = user.services;
  const where = (status: ProvisioningStatus | null) =>
    provisioningLabel(status) ? `, ${provisioningLabel(status)}` : '';
  const secret = (status: SecretStatus) => {
    if (!status.set) return 'Not set';
    return `Set${status.changedAt ? ` ${when(status.changedAt)}` : ''}${status.changedBy ? ` by ${status.changedBy}` : ''}${where(status.provisioning)}`;
  };
  return [
    {
      type: 'fields',
      fields: [
        { label: 'User', value: user.name },
        { label: 'Directory Name', value: `${user.directoryFirstName} ${user.directoryLastName}`.trim() },
        { label: 'Extension', value: dash(user.extension) },
        { label: 'Phone Number', value: dash(user.phoneNumber) },
        { label: 'Caller ID', value: dash(user.callerIdNumber) },
        { label: 'Email', value: dash(user.email) },
        { label: 'Time Zone', value: dash(user.timeZoneLabel) },
        { label: 'Calling Plan', value: dash(user.callingPlan) },
        { label: 'Site', value: `${user.site.name} (${user.site.accountNumber})` },
        { label: 'Portal user', value: user.portalUser?.userId ?? '-' },
      ],
    },
    { type: 'fields', fields: [{ label: 'E911 address', value: user.e911 ? e911Text(user.e911) : 'Not set' }] },
    {
      type: 'fields',
      fields: [
        {
          label: 'Voicemail PIN',
          value: `${secret(user.voicemail)}${user.voicemail.mustChangeAtFirstUse ? ' (to be changed at first use)' : ''}`,
        },
        { label: 'Voice Manager password', value: secret(user.voiceManager) },
        { label: "'0' Out", value: s.zeroOut.enabled ? `Yes, to ${dash(s.zeroOut.phoneNumber)}` : 'No' },
        { label: 'Call Recording', value: yesNo(s.callRecording) },
        { label: 'Fax', value: yesNo(s.fax) },
        { label: 'Voicemail Transcription', value: yesNo(s.transcription) },
        { label: 'Audio Conferencing', value: yesNo(s.audioConferencing.enabled) },
        {
          label: 'Email Message Copies',
          value: s.emailCopies.enabled ? s.emailCopies.addresses.join(', ') || 'Yes' : 'No',
        },
      ],
    },
  ];
}

function e911Text(e911: E911Dto): string {
  const where = provisioningLabel(e911.provisioning);
  return [...e911.lines, ...(where ? [`(${where})`] : [])].join('\n');
}

export function registrationBlocks(report: RegistrationReport): ReplyBlock[] {
  return [
    {
      type: 'text',
      text: `${report.registered ? 'Registered' : 'Not registered'}${report.asOf ? ` as of ${when(report.asOf)}` : ''}. ${report.note}`,
    },
    {
      type: 'table',
      columns: ['Registered', 'Enterprise', 'Group', 'Username', 'Line/Port', 'URI', 'Device'],
      rows: report.registrations.map((r) => [
        yesNo(r.registered),
        r.enterprise,
        r.groupName,
        r.username,
        r.lineUserId,
        r.uri,
        dash(r.deviceType),
      ]),
      footer:
        report.registrations.length === 0
          ? 'No registrations on record.'
          : `${report.registrations.length} registration${report.registrations.length === 1 ? '' : 's'}`,
    },
  ];
}

export function groupBlocks(groups: GroupMemberships): ReplyBlock[] {
  return [
    {
      type: 'table',
      columns: ['Group', 'Kind', 'Number', 'Extension', 'Agent', 'Supervisor'],
      rows: groups.memberships.map((m) => [
        m.group,
        m.kind === 'hunt-group' ? 'Hunt group' : 'Call queue',
        dash(m.phoneNumber),
        dash(m.extension),
        yesNo(m.agent),
        yesNo(m.supervisor),
      ]),
      footer:
        groups.memberships.length === 0
          ? 'Not a member of any hunt group or call queue.'
          : `${groups.memberships.length} membership${groups.memberships.length === 1 ? '' : 's'}`,
    },
  ];
}
