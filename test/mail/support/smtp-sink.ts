import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  /** The envelope recipients. */
  rcptTo: string[];
  /** Who logged in, if anyone. */
  user: string | undefined;
}

/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1 that keeps what it receives. It can be
 * stopped and started again on the same port, made to refuse or to hold each message.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** When set, each message is refused with the reply it returns (it sees the raw message). */
  refuseWith: ((raw: string) => { code: number; message: string }) | null = null;
  /** Every message refused, raw. */
  readonly refused: string[] = [];
  /** When set, each message is accepted only after this promise settles. */
  hold: Promise<void> | null = null;
  /** Messages whose data has been received in full (before any hold and before the reply). */
  dataReceived = 0;
  /** Connections opened to this sink since it started. */
  connections = 0;
  private server: SMTPServer | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    public port: number,
    private readonly credentials: { user: string; pass: string } | null,
  ) {}

  /** Starts on a free port (or the given one); with credentials, AUTH is required. */
  static async start(options: { port?: number; credentials?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options.port ?? 0, options.credentials ?? null);
    await sink.listen();
    return sink;
  }

  /** `smtp://...` for SMTP_URL. */
  get url(): string {
    const auth = this.credentials
      ? `${encodeURIComponent(this.credentials.user)}:${encodeURIComponent(this.credentials.pass)}@`
      : '';
    return `smtp://${auth}127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      logger: false,
      disableReverseLookup: true,
      // stop() closes the connections a pooled transport keeps open, as a server going down would.
      closeTimeout: 50,
      onConnect: (_session, callback) => {
        this.connections += 1;
        callback();
      },
      secure: false,
      disabledCommands: this.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !this.credentials,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        if (this.credentials && auth.username === this.credentials.user && auth.password === this.credentials.pass)
          callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.dataReceived += 1;
          void (async () => {
            if (this.hold) await this.hold;
            const raw = Buffer.concat(chunks).toString('utf8');
            if (this.refuseWith) {
              const reply = this.refuseWith(raw);
              this.refused.push(raw);
              callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
              return;
            }
            this.received.push({
              raw,
              parsed: await simpleParser(raw),
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              user: session.user as string | undefined,
            });
            callback();
            this.notify();
          })();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** Stops accepting connections; the port stays reserved for `listen()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` messages in all have been received. */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`SMTP sink: ${this.received.length} of ${count} messages after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
  }
}

/** The first link to one of the Switchboard pages in a text body. */
export function linkIn(text: string | undefined, path: 'signup' | 'reset'): string {
  const match = new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_-]{43}`).exec(text ?? '');
  if (!match) throw new Error(`no /${path}/ link in:\n${text}`);
  return match[0];
}
