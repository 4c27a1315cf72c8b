import type { Logger } from '../../lib/logger.js';
import { Topic } from '../approvals/events.js';
import type { ImportProgressDto } from './dto.js';

/** Told how imports are getting on. */
export type ImportProgressListener = (progress: ImportProgressDto[]) => Promise<void>;

/**
 * A small publish/subscribe for `users import`: the runner publishes each batch's progress (at
 * most once a second while it runs, and always at its end) for the front ends to update the
 * message they posted; and anyone may `wake` the runner when a batch is confirmed, so that it
 * starts at once rather than at its next poll.
 */
export class ImportEvents {
  private readonly progress: Topic<ImportProgressDto>;
  private readonly wakes: Topic<string>;

  constructor(logger: Pick<Logger, 'warn'>) {
    this.progress = new Topic(logger, 'could not tell a platform how an import is getting on');
    this.wakes = new Topic(logger, 'could not wake the import runner');
  }

  /** Returns the unsubscribe. */
  subscribe(listener: ImportProgressListener): () => void {
    return this.progress.subscribe(listener);
  }

  publish(progress: ImportProgressDto[]): Promise<void> {
    return this.progress.publish(progress);
  }

  /** The runner listens here; returns the unsubscribe. */
  onWake(listener: (batchIds: string[]) => Promise<void>): () => void {
    return this.wakes.subscribe(listener);
  }

  /** A batch was queued: the runner should look now. */
  wake(batchId: string): Promise<void> {
    return this.wakes.publish([batchId]);
  }
}
