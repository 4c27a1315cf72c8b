import type { GrantDto } from '../../domain/dto/grant-dto.js';
import type { Grant } from '../../domain/entities/grant.js';

export type { GrantDto };

const person = (u: { id: string; userId: string; name: string }) => ({ id: u.id, userId: u.userId, name: u.name });

export function toGrantDto(grant: Grant): GrantDto {
  return {
    id: grant.id,
    shortId: grant.id.slice(0, 8),
    user: person(grant.user),
    requester: person(grant.requester),
    permission: grant.permission,
    previousValue: grant.previousValue,
    reason: grant.reason,
    approvers: grant.approvers,
    approvalRequestId: grant.approvalRequestId,
    platform: grant.platform,
    state: grant.state,
    startedAt: grant.startedAt,
    endsAt: grant.endsAt,
    endedAt: grant.endedAt,
    outcome: grant.outcome,
    changedBy: grant.changedBy,
    revokedById: grant.revokedById,
  };
}
