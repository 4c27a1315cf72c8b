import type { z } from 'zod/v4';
import type { ApprovalRule } from '../domain/approval-policy.js';
import type { ChangeResult, ChangeScope } from './context.js';

/** The rules of the approval policy an operation can fall under by what it does (bulk is by how many). */
export type OperationRule = Exclude<ApprovalRule, 'bulk'>;

/**
 * What the approval policy reads of an operation. Whether a rule holds a change is judged on the
 * change's dry run (see services/approvals/rules.ts); these say which judgements apply at all.
 */
export interface ApprovalTraits {
  /** The rules it may fall under: `administrators`, `user-removal`, `e911`. */
  rules: readonly OperationRule[];
  /**
   * The rules this input may fall under, when the input alone rules some out (a user added as
   * anything but an Administrator grants nothing): with none of them in the policy, the change is
   * made without its dry run. Must return every rule of `rules` for an input it cannot read.
   */
  rulesFor?: (input: unknown) => readonly OperationRule[];
  /** It works on a list of users (`input.users`): the `bulk` rule counts them. */
  bulk?: true;
  /**
   * It works on many users named otherwise (a `users import` batch): how many, for the `bulk`
   * rule, read from the input. The operation must refuse to run when the count is not true.
   */
  bulkCount?: (input: unknown) => number;
  /** It carries a typed secret (a PIN, a password): never held, since the request would store it. */
  never?: true;
  /**
   * It names one portal user (`input.user`) and refuses to run over any version of them but
   * `input.expectedVersion`: a held request is pinned to the version judged, so an edit made
   * before the approval makes it fail rather than apply to someone else.
   */
  pinsVersion?: true;
  /**
   * Under `administrators` whenever its target is an Administrator now, with this reason (a new
   * invitation link is a way into the account, though its dry run changes no permission).
   */
  heldWhenTargetIsAdministrator?: string;
  /**
   * Held always, whatever the policy's rules, with this reason: someone asking for something for
   * themselves (an access request) is decided by Administrators other than them.
   */
  always?: string;
}

/**
 * One operation, the single source of its facts: its name (as the audit log and approval requests
 * know it), the label the approval card and the audit show, the zod schema of its input, the
 * approval traits, and the change itself, run inside `runChange`'s one transaction with its audit
 * event. `run` gets the schema's output, typed.
 */
export interface OperationDefinition<N extends string = string, S extends z.ZodType = z.ZodType, T = unknown> {
  readonly name: N;
  readonly label: string;
  readonly input: S;
  readonly approval: Readonly<ApprovalTraits>;
  run(input: z.output<S>, scope: ChangeScope): Promise<ChangeResult<T>>;
}

/** Any operation, whatever its input and result. */
export type AnyOperation = OperationDefinition<string, any, any>;

/** What an operation's change returns. */
export type OperationResultOf<D> = D extends OperationDefinition<string, z.ZodType, infer T> ? T : never;

/** Defines an operation; the definition is frozen. */
export function defineOperation<const N extends string, S extends z.ZodType, T>(
  definition: OperationDefinition<N, S, T>,
): OperationDefinition<N, S, T> {
  return Object.freeze({ ...definition, approval: Object.freeze({ ...definition.approval }) });
}

/** A frozen list of operations, found by name. */
export interface OperationList {
  readonly all: readonly AnyOperation[];
  byName(name: string): AnyOperation | undefined;
}

/** Builds a frozen list of operations; two with one name are refused. */
export function operationList(operations: readonly AnyOperation[]): OperationList {
  const byName = new Map<string, AnyOperation>();
  for (const operation of operations) {
    if (byName.has(operation.name)) throw new Error(`two operations are named ${operation.name}`);
    byName.set(operation.name, operation);
  }
  const all = Object.freeze([...operations]);
  return Object.freeze({ all, byName: (name: string) => byName.get(name) });
}
