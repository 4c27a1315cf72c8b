import type { AuditEvent } from '../../src/domain/entities/audit-event.js';
import { ROLE_LABELS } from '../../src/domain/permissions.js';
import type { Page } from '../../src/domain/dto/page.js';
import type { InvitationView, UserDto } from '../../src/domain/dto/user-dto.js';
import { pageFooter, type ReplyBlock } from '../reply.js';
import { utcMinute as when } from './time.js';

const capital = (text: string) => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** The portal's user table: Name, User ID, Label, State, Administrator, the four areas, Role. */
export function userTable(page: Page<UserDto>, nextCommand: string): ReplyBlock {
  return {
    type: 'table',
    columns: ['Name', 'User ID', 'Label', 'State', 'Admin', 'Invoices', 'Orders', 'Services', 'Tickets', 'Role'],
    rows: page.items.map((u) => [
      u.name || '(no name)',
      u.userId,
      u.label,
      u.state,
      u.permissions.administrator ? 'yes' : '',
      ...(u.permissions.administrator
        ? ['', '', '', '']
        : [u.permissions.invoices, u.permissions.orders, u.permissions.services, u.permissions.tickets].map(capital)),
      ROLE_LABELS[u.role],
    ]),
    // Ten columns do not fit a Teams card: it shows these, and each row's details come from user show.
    narrow: { columns: ['Name', 'State', 'Role'], details: page.items.map((u) => `user show ${u.userId}`) },
    footer: pageFooter(page.page, page.pageSize, page.total, nextCommand, 'users'),
  };
}

export function userFacts(user: UserDto): ReplyBlock {
  const p = user.permissions;
  const sso = (level: string) => (level === 'off' ? 'Off' : capital(level));
  return {
    type: 'fields',
    fields: [
      { label: 'User ID', value: user.userId },
      { label: 'User Label', value: user.label },
      { label: 'Name', value: user.name || '(none)' },
      { label: 'Email', value: user.email },
      { label: 'Phone', value: user.phone ?? '(none)' },
      { label: 'State', value: capital(user.state) },
      { label: 'Role', value: ROLE_LABELS[user.role] },
      { label: 'Administrator', value: p.administrator ? 'Yes' : 'No' },
      {
        label: 'Sites',
        value: p.accessAllSites
          ? 'All sites'
          : user.sites.map((s) => `${s.name} (${s.accountNumber})`).join(', ') || 'None',
      },
      { label: 'Invoices', value: capital(p.invoices) },
      { label: 'Orders', value: capital(p.orders) },
      { label: 'Services', value: capital(p.services) },
      { label: 'Tickets', value: capital(p.tickets) },
      { label: 'Fortinet / Meraki / Velo SSO', value: [p.fortinetSso, p.merakiSso, p.veloSso].map(sso).join(' / ') },
    ],
  };
}

export function invitationTable(page: Page<InvitationView>, nextCommand: string): ReplyBlock {
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  return {
    type: 'table',
    columns: [
      'Email',
      'Name',
      'Role',
      'Invited by',
      'Status',
      'Expires',
      'Email sent',
      'Signup Completed',
      'User Created',
    ],
    rows: page.items.map((i) => [
      i.email,
      i.name || '',
      ROLE_LABELS[i.role],
      i.invitedBy ?? '',
      i.status,
      when(i.expiresAt),
      i.emailStatus ?? '',
      yes(i.signupCompleted),
      yes(i.userCreated),
    ]),
    footer: pageFooter(page.page, page.pageSize, page.total, nextCommand, 'invitations'),
  };
}

export function auditTable(page: Page<AuditEvent>, nextCommand: string): ReplyBlock {
  return {
    type: 'table',
    columns: ['When', 'Who', 'From', 'Action', 'Target', 'Outcome'],
    rows: page.items.map((e) => [
      when(e.createdAt),
      e.actorName ?? 'unknown',
      e.platform,
      e.action,
      e.targetName ?? '',
      e.outcome === 'success' ? 'done' : `${e.outcome}: ${e.errorCode ?? ''}`,
    ]),
    footer: pageFooter(page.page, page.pageSize, page.total, nextCommand, 'audit events'),
  };
}

export { when };
