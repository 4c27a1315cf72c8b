import type { Grant, GrantState } from '../../domain/entities/grant.js';

/** A time-boxed grant as the services return it. */
export interface GrantDto {
  id: string;
  /** The first 8 characters of the id: enough to name it in `revoke`. */
  shortId: string;
  user: { id: string; userId: string; name: string };
  requester: { id: string; userId: string; name: string };
  permission: string;
  previousValue: string;
  reason: string;
  approvers: string[];
  platform: string;
  state: GrantState;
  startedAt: Date;
  endsAt: Date;
  endedAt: Date | null;
  outcome: string | null;
}

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
    platform: grant.platform,
    state: grant.state,
    startedAt: grant.startedAt,
    endsAt: grant.endsAt,
    endedAt: grant.endedAt,
    outcome: grant.outcome,
  };
}
