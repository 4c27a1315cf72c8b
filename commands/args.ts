import { z } from 'zod/v4';
import type { CommandContext, ParsedArgs } from './types.js';

const flagsOnly = (allowed: string[]) =>
  z.record(z.string(), z.union([z.string(), z.literal(true)])).superRefine((flags, ctx) => {
    for (const name of Object.keys(flags)) {
      if (!allowed.includes(name))
        ctx.addIssue({
          code: 'custom',
          message: `Unknown option --${name}${allowed.length ? `; options: ${allowed.map((a) => `--${a}`).join(', ')}` : ''}`,
        });
    }
  });

/** A command that takes nothing. */
export const noArgs = z
  .object({ positional: z.array(z.string()).max(0, 'This command takes no arguments'), flags: flagsOnly([]) })
  .transform(() => ({}));

/** Exactly one `<user>`: a User ID, an email or a mention. */
export const oneUser = z
  .object({
    positional: z.array(z.string()).length(1, 'Give one user: a User ID, an email or a mention'),
    flags: flagsOnly([]),
  })
  .transform((a) => ({ user: a.positional[0]! }));

/** `--page N`, 1 or more; inside a transform, reports a bad value on `ctx`. */
export function pageNumber(value: string | true | undefined, ctx: z.RefinementCtx): number {
  if (value === undefined) return 1;
  const page = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(page >= 1)) {
    ctx.addIssue({ code: 'custom', message: '--page needs a page number, e.g. --page 2' });
    return 1;
  }
  return page;
}

export { flagsOnly };

/** A `<user>` argument as the services take it: mentions resolved by the platform. */
export async function userRef(ctx: CommandContext, token: string): Promise<string> {
  if (ctx.resolveMention) {
    const resolved = await ctx.resolveMention(token);
    if (resolved) return resolved;
  }
  return token;
}

export type { ParsedArgs };

/** A voice user: a phone number (`+1 703 935 1816`), extension, name or email; the words are joined. */
export const oneVoiceUser = z
  .object({
    positional: z.array(z.string()).min(1, 'Give the voice user: a phone number, extension, name or email'),
    flags: flagsOnly([]),
  })
  .transform((a) => ({ user: a.positional.join(' ') }));
