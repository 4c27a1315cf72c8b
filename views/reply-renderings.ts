import { FrozenMemo } from '../src/lib/frozen-memo.js';
import { hasSecret, type Reply } from './reply.js';

/**
 * A front end's renderings of replies, kept beside a shared (frozen) reply, such as a page of
 * users from the read cache, so that each is rendered once (see FrozenMemo); frozen too. A reply
 * holding a secret or a file is rendered each time and never kept: a secret does not outlive its
 * request in a cache.
 */
export class ReplyRenderings<R> {
  readonly #kept = new FrozenMemo<Reply, R>();

  /** `render()`'s rendering of `reply` as `how` (its audience and limits): kept if the reply may be. */
  get(reply: Reply, how: string, render: () => R): R {
    // Only a frozen reply can be kept: an unfrozen one (most replies) is not searched for a secret.
    return Object.isFrozen(reply) && !hasSecret(reply) ? this.#kept.get(reply, how, render) : render();
  }
}
