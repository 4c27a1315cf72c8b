import { info, type Reply, type ReplyAction } from '../reply.js';

export interface HomeCounts {
  enabled: number;
  disabled: number;
  unconfirmed: number;
  pendingInvitations: number;
}

/** The buttons of a home view: the common forms and lists, as the command lines they run. */
export const HOME_ACTIONS: ReplyAction[] = [
  { label: 'Add user', command: 'user add', style: 'primary' },
  { label: 'Invite', command: 'invite' },
  { label: 'Reset passwords', command: 'user reset-password' },
  { label: 'Pending invitations', command: 'invites pending' },
  { label: 'Users', command: 'users' },
];

/** An Administrator's home: the account's totals and the common commands. */
export function adminHome(name: string, counts: HomeCounts, prefix: string): Reply {
  return info('Switchboard', [
    { type: 'header', text: 'Switchboard' },
    { type: 'text', text: `Portal users of your account, ${name}.` },
    {
      type: 'fields',
      fields: [
        { label: 'Enabled', value: String(counts.enabled) },
        { label: 'Disabled', value: String(counts.disabled) },
        { label: 'Unconfirmed', value: String(counts.unconfirmed) },
        { label: 'Pending invitations', value: String(counts.pendingInvitations) },
      ],
    },
    { type: 'actions', actions: HOME_ACTIONS },
    { type: 'text', text: `Type \`${prefix}help\` in any channel for every command.` },
  ]);
}

/** Anyone else's home: one note (a refusal, or what Switchboard is for). */
export function noteHome(text: string): Reply {
  return info('Switchboard', [
    { type: 'header', text: 'Switchboard' },
    { type: 'text', text },
  ]);
}

export const NOT_ADMIN_HOME = (prefix: string) =>
  'Switchboard lets portal Administrators manage portal users from chat. ' +
  `Type \`${prefix}help\` to see the commands open to you.`;
