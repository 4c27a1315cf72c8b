import { z } from 'zod/v4';
import { ApprovalChannel } from '../../domain/entities/approval-channel.js';
import { ApprovalRequest, type ApprovalMessageRef } from '../../domain/entities/approval-request.js';
import type { Actor, ServiceDeps } from '../context.js';
import { requireAdministrator } from '../authorize.js';
import type { Page } from '../invitations/invitations.js';
import { runChange, runQuery } from '../run.js';
import { operationsOf } from '../operations.js';
import { toApprovalDto, type ApprovalDto } from './approval-dto.js';

export const setChannelInput = z.object({
  platform: z.enum(['slack', 'teams'], {
    error: 'Approvals channels are for Slack or Teams; run `approvals here` in a channel there',
  }),
  channel: z
    .string({ error: 'Run `approvals here` in the channel itself' })
    .trim()
    .min(1, 'Run `approvals here` in the channel itself')
    .max(200),
  extra: z.record(z.string(), z.string()).default({}),
});

/** `approvals here`: makes a channel the account's approvals channel for its platform. */
export async function setApprovalChannel(
  deps: ServiceDeps,
  actor: Actor,
  input: unknown,
): Promise<{ platform: string; channel: string; previous: string | null }> {
  return runChange(
    deps,
    actor,
    {
      action: 'approval.channel',
      schema: setChannelInput,
      async run(data, scope) {
        requireAdministrator(scope.actor, 'choose the approvals channel');
        scope.target = {
          targetType: 'approval-channel',
          targetId: data.platform,
          targetName: `${data.platform} ${data.channel}`,
        };
        const row =
          (await scope.em.findOne(ApprovalChannel, { account: scope.account, platform: data.platform })) ??
          Object.assign(new ApprovalChannel(), { account: scope.account, platform: data.platform });
        const previous = row.channel ?? null;
        Object.assign(row, { channel: data.channel, extra: data.extra, setBy: scope.actor, setAt: scope.now });
        scope.em.persist(row);
        await scope.em.flush();
        return {
          result: { platform: data.platform, channel: data.channel, previous },
          before: { channel: previous },
          after: { channel: data.channel },
        };
      },
    },
    input,
  );
}

export const listApprovalsInput = z.object({
  filter: z.enum(['pending', 'all']).default('pending'),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/** Approval requests of the account, newest first. */
export async function listApprovals(deps: ServiceDeps, actor: Actor, input: unknown = {}): Promise<Page<ApprovalDto>> {
  return runQuery(
    deps,
    actor,
    {
      action: 'approval.list',
      schema: listApprovalsInput,
      async run(data, { em, account, actor: actorUser, now }) {
        requireAdministrator(actorUser, 'see approval requests');
        const where =
          data.filter === 'pending' ? { account, state: 'pending' as const, expiresAt: { $gt: now } } : { account };
        const [rows, total] = await em.findAndCount(ApprovalRequest, where, {
          populate: ['requester', 'account'],
          orderBy: { createdAt: 'desc', id: 'asc' },
          limit: data.pageSize,
          offset: (data.page - 1) * data.pageSize,
        });
        return {
          items: rows.map((row) => toApprovalDto(row, operationsOf(deps))),
          total,
          page: data.page,
          pageSize: data.pageSize,
        };
      },
    },
    input,
  );
}

/** Remembers where a request's card was posted, so a decision can update it for everyone. */
export async function recordApprovalMessage(
  deps: ServiceDeps,
  requestId: string,
  ref: ApprovalMessageRef,
): Promise<void> {
  await deps.orm.em.fork().nativeUpdate(ApprovalRequest, { id: requestId }, { messageRef: ref });
}

/** A request by id, for a platform that must render or update its card. */
export async function getApproval(deps: ServiceDeps, requestId: string): Promise<ApprovalDto | null> {
  const row = await deps.orm.em
    .fork()
    .findOne(ApprovalRequest, { id: requestId }, { populate: ['requester', 'account'] });
  return row ? toApprovalDto(row, operationsOf(deps)) : null;
}

/** The approvals channel of an account on a platform, if one was chosen. */
export async function approvalChannelOf(
  deps: ServiceDeps,
  accountId: string,
  platform: string,
): Promise<{ channel: string; extra: Record<string, string> } | null> {
  const row = await deps.orm.em.fork().findOne(ApprovalChannel, { account: accountId, platform });
  return row ? { channel: row.channel, extra: row.extra } : null;
}
