import { importFinished, type ImportProgressDto } from '../domain/dto/import-dto.js';
import type { Platform } from '../services/context.js';
import { recordImportMessage } from '../services/imports/query.js';
import { importProgress } from '../../commands/users-import.js';
import type { ChatAdapterState } from './adapter-state.js';
import { postedMessageOf, postedMessageText, type MessagePort, type PostedMessage } from './message-port.js';

/**
 * The progress message of imports asked from this platform: posted where the admin asked at the
 * first progress event (and its place recorded with the import, so a runner that resumes it
 * elsewhere updates the same message), then replaced in place at each event (at most one a
 * second, as the runner publishes), ending with the summary and the file of the rows that failed.
 * Events of one import are shown in order, one at a time.
 */
export class ImportProgressMessages {
  /** Where each import's message is, as known here (a later event may not carry it yet). */
  private readonly refs = new Map<string, PostedMessage>();
  /** The last event of each import still to show, and whether one is being shown. */
  private readonly latest = new Map<string, ImportProgressDto>();
  private readonly showing = new Set<string>();

  constructor(
    private readonly state: ChatAdapterState,
    private readonly port: MessagePort,
  ) {}

  /** Subscribes to the services' import events; the work is done in the background. Returns the unsubscribe. */
  subscribe(): () => void {
    return this.state.deps.importEvents.subscribe(async (items) => {
      for (const progress of items) {
        if (progress.platform !== this.state.platform) continue;
        this.latest.set(progress.id, progress);
        if (!this.showing.has(progress.id))
          this.state.background.later('import progress', () => this.drain(progress.id));
      }
    });
  }

  /** Shows the latest event of an import, then any newer one that came meanwhile (older ones are skipped). */
  private async drain(id: string): Promise<void> {
    this.showing.add(id);
    try {
      for (let next = this.latest.get(id); next; next = this.latest.get(id)) {
        this.latest.delete(id);
        await this.show(next);
      }
    } finally {
      this.showing.delete(id);
      if (this.latest.has(id)) this.state.background.later('import progress', () => this.drain(id));
    }
  }

  async show(progress: ImportProgressDto): Promise<void> {
    const owner = { userId: progress.requester, platform: this.state.platform as Platform };
    const reply = await importProgress(this.state.deps, owner, progress);
    const ref = this.refs.get(progress.id) ?? postedMessageOf(progress.messageRef);
    if (ref) {
      await this.port.update(ref, reply, owner);
    } else if (progress.origin.channel) {
      const posted = await this.port.post(
        { channel: progress.origin.channel, extra: progress.origin.extra },
        reply,
        owner,
      );
      if (posted) {
        this.refs.set(progress.id, posted);
        await recordImportMessage(this.state.deps, progress.id, postedMessageText(posted));
      }
    }
    if (importFinished(progress)) this.refs.delete(progress.id);
  }
}
