import type { ApprovalDecision, ApprovalMessageRef, ApprovalRequest, ApprovalState } from '../../domain/entities/approval-request.js';

/** One line of what a request changes: `Administrator: No → Yes`. */
export interface ChangeLine {
  field: string;
  before: string | null;
  after: string | null;
}

export interface ApprovalView {
  id: string;
  accountId: string;
  operationName: string;
  reason: string;
  targetName: string | null;
  changes: ChangeLine[];
  requester: { id: string; userId: string; name: string };
  platform: string;
  messageRef: ApprovalMessageRef | null;
  state: ApprovalState;
  required: number;
  decisions: ApprovalDecision[];
  outcome: string | null;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
}

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
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of flatten(value as Record<string, unknown>, name)) out.set(k, v);
    else out.set(name, value);
  }
  return out;
}

/** The fields whose value differs between before and after, in a stable order. */
export function changeLines(before: Record<string, unknown> | null, after: Record<string, unknown> | null): ChangeLine[] {
  const b = flatten(before);
  const a = flatten(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  return keys
    .map((field) => ({ field: field.replace(/^permissions\./, ''), before: show(b.get(field)), after: show(a.get(field)) }))
    .filter((line) => line.before !== line.after);
}

export function toApprovalView(request: ApprovalRequest): ApprovalView {
  return {
    id: request.id,
    accountId: request.account.id,
    operationName: request.operationName,
    reason: request.reason,
    targetName: request.preview.targetName,
    changes: changeLines(request.preview.before, request.preview.after),
    requester: { id: request.requester.id, userId: request.requester.userId, name: request.requester.name },
    platform: request.platform,
    messageRef: request.messageRef,
    state: request.state,
    required: request.required,
    decisions: request.decisions,
    outcome: request.outcome,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    decidedAt: request.decidedAt,
  };
}
