/**
 * A collector stand-in for fault tests: a real HTTP server on 127.0.0.1 (port 0) whose answer the test
 * sets at any moment (a status, headers, a delay, or a hang), and which counts every event it received by
 * eid so tests can prove "all delivered, none twice".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering, in ms. */
  delay?: number;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  events: Record<string, string>[];
  answered: number;
}

export class CollectorDouble {
  /** The answer to the next requests, or a function choosing it from the request's events. */
  answer: Answer | ((events: Record<string, string>[]) => Answer) = { status: 200 };
  /** Requests being answered right now, and the most at once. */
  inProgress = 0;
  maxInProgress = 0;
  readonly requests: ReceivedRequest[] = [];
  /** How often each eid arrived in a request answered 2xx. */
  readonly delivered = new Map<string, number>();
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Events received in 2xx-answered requests, counting duplicates. */
  get deliveredCount(): number {
    let total = 0;
    for (const n of this.delivered.values()) total += n;
    return total;
  }

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.#handle(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
    return this;
  }

  /** Closes the port and cuts every open connection (an outage). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const events =
      req.method === 'POST'
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Record<string, string>[] }).data
        : [Object.fromEntries(url.searchParams)];
    const answer = typeof this.answer === 'function' ? this.answer(events) : this.answer;
    this.requests.push({ method: req.method ?? '', path: url.pathname, events, answered: answer.status });
    if (answer.hang) return;
    this.inProgress += 1;
    this.maxInProgress = Math.max(this.maxInProgress, this.inProgress);
    if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay));
    this.inProgress -= 1;
    if (answer.status >= 200 && answer.status < 300) {
      for (const event of events)
        this.delivered.set(event.eid ?? '', (this.delivered.get(event.eid ?? '') ?? 0) + 1);
    }
    res.writeHead(answer.status, answer.headers).end();
  }
}
