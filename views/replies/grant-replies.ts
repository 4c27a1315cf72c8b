import type { GrantDto } from '../../src/domain/dto/grant-dto.js';
import { info, type Reply, type ReplyBlock } from '../reply.js';
import { utcMinute as when } from './time.js';

/** A time as `11-25 10:30`, in UTC (the table says so). */
const short = (date: Date | string) => new Date(date).toISOString().slice(5, 16).replace('T', ' ');

/** What the holder of a self-service grant is told when it ends. */
export function grantEndedNotice(grant: GrantDto): Reply {
  return info(`Your ${grant.permission} access has ended`, [
    {
      type: 'text',
      text: `Your ${grant.permission} access has ended (grant ${grant.shortId}). ${grant.outcome ?? ''}`.trim(),
    },
  ]);
}

/** One grant as facts: who, what, why, who approved, from when to when, how it ended. */
export function grantFacts(grant: GrantDto): ReplyBlock {
  return {
    type: 'fields',
    fields: [
      { label: 'Grant', value: grant.shortId },
      { label: 'User', value: `${grant.user.name} (${grant.user.userId})` },
      { label: 'Permission', value: `${grant.permission} (was ${grant.previousValue})` },
      { label: 'Asked by', value: `${grant.requester.name} (${grant.requester.userId})` },
      { label: 'Approved by', value: grant.approvers.join(', ') || 'not needed' },
      { label: 'Reason', value: grant.reason },
      { label: 'Started', value: when(grant.startedAt) },
      { label: grant.state === 'active' ? 'Ends' : 'Ended', value: when(grant.endedAt ?? grant.endsAt) },
      ...(grant.outcome ? [{ label: 'Outcome', value: grant.outcome }] : []),
    ],
  };
}

/** Grants as a table, newest first. */
export function grantsTable(grants: GrantDto[]): ReplyBlock {
  return {
    type: 'table',
    columns: ['Grant', 'User', 'Permission', 'From (UTC)', 'To (UTC)', 'State', 'Asked by', 'Approved by', 'Reason'],
    rows: grants.map((g) => [
      g.shortId,
      g.user.userId,
      g.permission,
      short(g.startedAt),
      short(g.endedAt ?? g.endsAt),
      g.state,
      g.requester.userId,
      g.approvers.join(', ') || '-',
      g.reason,
    ]),
    narrow: {
      columns: ['Grant', 'User', 'Permission', 'To (UTC)', 'State'],
      details: grants.map((g) => `grants all ${g.user.userId}`),
    },
  };
}

/** An access request as the user's own view of it needs it. */
type PendingRequest = { id: string; changes: { field: string; after: string | null }[]; createdAt: Date };

/** One line per request still waiting: what, since when, and its id. */
export function waitingLines(pending: PendingRequest[]): string[] {
  return pending.map((r) => {
    const what = r.changes.find((c) => c.field === 'grant')?.after ?? 'access';
    return `${what}: waiting for approval since ${when(r.createdAt)} (request ${r.id.slice(0, 8)})`;
  });
}

/** The Home tab's "Your access": grants running now and requests waiting, with a button to ask. */
export function accessBlocks(grants: GrantDto[], pending: PendingRequest[]): ReplyBlock[] {
  const lines = [
    ...grants.map((g) => `${g.permission} until ${when(g.endsAt)} (grant ${g.shortId})`),
    ...waitingLines(pending),
  ];
  return [
    { type: 'header', text: 'Your access' },
    { type: 'text', text: lines.length ? lines.join('\n') : 'No time-boxed access running or waiting.' },
    { type: 'actions', actions: [{ label: 'Request access', command: 'request' }] },
  ];
}
