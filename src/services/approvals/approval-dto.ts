import { z } from 'zod/v4';
import { idStartsWith } from '../../db/id-prefix.js';
import type { ApprovalDto, ChangeLine } from '../../domain/dto/approval-dto.js';
import { ApprovalRequest } from '../../domain/entities/approval-request.js';
import { ServiceError } from '../../domain/errors.js';
import { requireAdministrator } from '../authorize.js';
import type { Actor, ServiceDeps } from '../context.js';
import type { OperationList } from '../operation.js';
import { OPERATIONS, operationsOf } from '../operations.js';
import { runQuery } from '../run.js';

export type { ApprovalDto, ChangeLine };

function show(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => show(v) ?? '').join(', ') || null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function flatten(record: Record<string, unknown> | null, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(record ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of flatten(value as Record<string, unknown>, name)) out.set(k, v);
    else out.set(name, value);
  }
  return out;
}

/** The fields whose value differs between before and after, in a stable order. */
export function changeLines(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): ChangeLine[] {
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys
    .map((field) => ({
      field: field.replace(/^permissions\./, ''),
      before: show(b.get(field)),
      after: show(a.get(field)),
    }))
    .filter((line) => line.before !== line.after);
}

/**
 * A request as the front ends show it. The operation's label (what the card shows) comes from the
 * operations the services know (`deps.operations`; by default the portal's); an operation no longer
 * known keeps its name.
 */
export function toApprovalDto(request: ApprovalRequest, operations: OperationList = OPERATIONS): ApprovalDto {
  return {
    id: request.id,
    accountId: request.account.id,
    operationName: request.operationName,
    operationLabel: operations.byName(request.operationName)?.label ?? request.operationName,
    reason: request.reason,
    selfService: operations.byName(request.operationName)?.approval.always !== undefined,
    targetName: request.preview.targetName,
    changes: changeLines(request.preview.before, request.preview.after),
    requester: { id: request.requester.id, userId: request.requester.userId, name: request.requester.name },
    platform: request.platform,
    messageRef: request.messageRef,
    state: request.state,
    required: request.required,
    decisions: request.decisions,
    remindersSent: request.remindersSent,
    outcome: request.outcome,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedAt: request.decidedAt,
  };
}

export const findApprovalInput = z.object({
  request: z
    .string({ error: 'Give the approval request id (see `approvals`)' })
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f-]+$/, 'A request id has only the letters a-f, digits and dashes; copy it from `approvals`')
    .min(8, 'Give at least the first 8 characters of the request id (see `approvals`)')
    .max(36, 'A request id is 36 characters long; copy it from `approvals`'),
});

/**
 * One approval request of the account, by its id or a unique prefix of it (8 characters or
 * more, as `approvals` shows them): Administrators only. A prefix of several requests is
 * refused, naming how many.
 */
export async function findApproval(deps: ServiceDeps, actor: Actor, input: unknown): Promise<ApprovalDto> {
  return runQuery(
    deps,
    actor,
    {
      action: 'approval.show',
      schema: findApprovalInput,
      async run(data, { em, account, actor: actorUser }) {
        requireAdministrator(actorUser, 'see approval requests');
        const byPrefix = idStartsWith<ApprovalRequest>(data.request);
        const populate = ['requester', 'account'] as const;
        const rows = await em.find(ApprovalRequest, { $and: [{ account }, byPrefix] }, { populate, limit: 2 });
        if (rows.length === 0) {
          const message = `No approval request ${data.request} in this account; see \`approvals all\`.`;
          throw ServiceError.field('APPROVAL.NOT_FOUND', 'request', message);
        }
        if (rows.length > 1) {
          const message = `More than one request starts with ${data.request}; give more of its id.`;
          throw ServiceError.field('APPROVAL.AMBIGUOUS', 'request', message);
        }
        return toApprovalDto(rows[0]!, operationsOf(deps));
      },
    },
    input,
  );
}

/** Ids of the account's pending requests, newest first, to complete `approvals show|approve|deny` (Administrators only). */
export async function pendingApprovalIds(deps: ServiceDeps, actor: Actor): Promise<string[]> {
  return runQuery(
    deps,
    actor,
    {
      action: 'approval.list',
      schema: z.object({}),
      async run(_data, { em, account, actor: actorUser, now }) {
        if (!actorUser.administrator) return [];
        const pending = { account, state: 'pending' as const, expiresAt: { $gt: now } };
        const rows = await em.find(ApprovalRequest, pending, {
          fields: ['id'],
          orderBy: { createdAt: 'desc' },
          limit: 50,
        });
        return rows.map((row) => row.id);
      },
    },
    {},
  );
}
