import type { Actor } from '../services/context.js';
import type { Reply } from '../../views/reply.js';

/** Where a message goes: a channel or conversation, with what the platform needs to post there later. */
export interface MessagePlace {
  channel: string;
  extra?: Record<string, string>;
}

/** A message posted through a port: where it is and its id there (Slack `ts`, Teams activity id). */
export interface PostedMessage {
  channel: string;
  message: string;
  extra?: Record<string, string>;
}

/** A posted message written as text (kept in a column), and read back; null when it is not one. */
export const postedMessageText = (posted: PostedMessage): string => JSON.stringify(posted);
export function postedMessageOf(text: string | null | undefined): PostedMessage | null {
  if (!text) return null;
  try {
    const ref = JSON.parse(text) as Partial<PostedMessage>;
    if (typeof ref.channel !== 'string' || typeof ref.message !== 'string') return null;
    return { channel: ref.channel, message: ref.message, ...(ref.extra ? { extra: ref.extra } : {}) };
  } catch {
    return null;
  }
}

/**
 * A platform's way to post a reply as a message of its own and to replace it later (an import's
 * progress, a review's cards). `owner` is the portal user the reply's files are for.
 */
export interface MessagePort {
  /** Posts the reply; where it went, to update it later, or null when it could not be posted (logged). */
  post(place: MessagePlace, reply: Reply, owner: Actor): Promise<PostedMessage | null>;
  /** Replaces a posted message for everyone who sees it; false when it failed (logged). */
  update(posted: PostedMessage, reply: Reply, owner: Actor): Promise<boolean>;
}
