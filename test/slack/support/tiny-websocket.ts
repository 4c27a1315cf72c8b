import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Just enough of a WebSocket server (RFC 6455: handshake, unfragmented text frames, ping,
 * close) to stand in for Slack's Socket Mode endpoint in a test.
 */
export class TinyWebSocketServer {
  readonly received: any[] = [];
  private readonly server: Server;
  private socket: Duplex | null = null;
  private waiters: { match: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  connections = 0;

  constructor(private readonly onOpen: (server: TinyWebSocketServer) => void) {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket) => {
      const accept = createHash('sha1')
        .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      this.connections++;
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (let frame = this.readFrame(buffer); frame; frame = this.readFrame(buffer)) {
          buffer = buffer.subarray(frame.size);
          if (frame.opcode === 1) this.deliver(JSON.parse(frame.payload.toString('utf8')));
          else if (frame.opcode === 9) this.write(10, frame.payload);
          else if (frame.opcode === 8) {
            this.write(8, Buffer.alloc(0));
            socket.end();
          }
        }
      });
      socket.on('error', () => undefined);
      this.onOpen(this);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  close(): Promise<void> {
    this.socket?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  send(message: object): void {
    this.write(1, Buffer.from(JSON.stringify(message)));
  }

  /** The next message from the client that matches. */
  next(match: (message: any) => boolean): Promise<any> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  private deliver(message: any): void {
    this.received.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  private write(opcode: number, payload: Buffer): void {
    const header =
      payload.length < 126
        ? Buffer.from([0x80 | opcode, payload.length])
        : payload.length < 65_536
          ? Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff])
          : Buffer.concat([
              Buffer.from([0x80 | opcode, 127]),
              (() => {
                const b = Buffer.alloc(8);
                b.writeBigUInt64BE(BigInt(payload.length));
                return b;
              })(),
            ]);
    this.socket?.write(Buffer.concat([header, payload]));
  }

  private readFrame(buffer: Buffer): { opcode: number; payload: Buffer; size: number } | null {
    if (buffer.length < 2) return null;
    const opcode = buffer[0]! & 0x0f;
    const masked = (buffer[1]! & 0x80) !== 0;
    let length = buffer[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.length < 4) return null;
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.length < 10) return null;
      length = Number(buffer.readBigUInt64BE(2));
      offset = 10;
    }
    const mask = masked ? buffer.subarray(offset, offset + 4) : null;
    if (masked) offset += 4;
    if (buffer.length < offset + length) return null;
    const payload = Buffer.from(buffer.subarray(offset, offset + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    return { opcode, payload, size: offset + length };
  }
}
