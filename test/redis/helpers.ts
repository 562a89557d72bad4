/**
 * What the Redis tests share: unique keys on the real Redis (cleaned up after), payload records, a bounded
 * wait for observable states, workers run through the CLI as child process groups (always killed), a
 * private redis-server to stop and restart, and the project's collector behind a gate that can hold or
 * fail requests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { type Collector, startCollector } from '../../src/collector/index.js';
import type { Payload } from '../../src/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_REDIS = 'redis://127.0.0.1:6379';

/** A key prefix no other test (or run) uses. */
export function uniqueKey(name: string): string {
  return `plowtype-test:${name}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key that starts with `prefix`. */
export async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `n` page-view payload records with their own eids, as a tracker would give an emitter. */
export function records(n: number, from = 0): Payload[] {
  return Array.from({ length: n }, (_, i) => ({
    e: 'pv',
    eid: randomUUID(),
    tv: 'plowtype-test',
    p: 'srv',
    url: `https://example.com/${from + i}`,
    dtm: String(1_700_000_000_000 + from + i),
  }));
}

/** Polls `check` until it returns a value that is not undefined; fails after `timeout` ms naming `what`. */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeout = 20_000,
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The eids the collector received as good events (one entry per delivery, so duplicates show). */
export function deliveredEids(collector: Collector): string[] {
  return collector.events.good().map((event) => event.rawEvent.parameters.eid as string);
}

/** A child process group started by a test, with its output and exit. */
export interface Child {
  readonly process: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | null>;
  /** Waits for an output line matching `pattern`; resolves with it. */
  line(pattern: RegExp): Promise<string>;
  /** Sends `signal` to the whole group. */
  signal(signal: NodeJS.Signals): void;
}

const children = new Set<Child>();

/** Starts `node --import tsx codegen/cli/bin.ts ...args` as its own process group. */
export function startCli(args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'codegen/cli/bin.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const handle: Child = {
    process: child,
    output,
    exited,
    line: (pattern) =>
      waitUntil(`a line matching ${pattern} in:\n${output.join('\n')}`, () =>
        output.find((l) => pattern.test(l)),
      ),
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), signal);
    },
  };
  children.add(handle);
  void exited.then(() => children.delete(handle));
  return handle;
}

/** Kills every child process group still running (call in afterEach). */
export async function killChildren(): Promise<void> {
  const running = [...children];
  for (const child of running) child.signal('SIGKILL');
  await Promise.all(running.map((child) => child.exited));
}

/** `plowtype worker redis` against `collector`, on `key`; waits until it says it started. */
export async function startRedisWorker(
  collector: string,
  key: string,
  extra: readonly string[] = [],
  redis = SHARED_REDIS,
): Promise<Child & { id: string }> {
  const args = ['worker', 'redis', '--collector', collector, '--redis', redis, '--key', key, ...extra];
  const child = startCli(args);
  const started = await child.line(/RedisWorker \S+ started/);
  return { ...child, id: (started.match(/RedisWorker (\S+) started/) as RegExpMatchArray)[1] as string };
}

/** `plowtype worker queue` against `collector`, on `queue`; waits until it says it started. */
export async function startQueueWorker(
  collector: string,
  queue: string,
  redis = SHARED_REDIS,
): Promise<Child> {
  const child = startCli(['worker', 'queue', '--collector', collector, '--redis', redis, '--queue', queue]);
  await child.line(/QueueWorker started on queue/);
  return child;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * A redis-server of the test's own, to stop and restart: with an append-only file in a temp dir (what it
 * held survives a restart), or with `persistent: false` nothing on disk (a restart loses everything).
 */
export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'plowtype-redis-'));
  #server: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    readonly persistent: boolean,
  ) {}

  /** Starts a server on a free port (another one if the port was taken before it could bind it). */
  static async start({ persistent = true } = {}): Promise<PrivateRedis> {
    for (let attempt = 1; ; attempt += 1) {
      const redis = new PrivateRedis(await freePort(), persistent);
      live.add(redis);
      try {
        await redis.restart();
        return redis;
      } catch (error) {
        await redis.destroy();
        if (attempt === 3) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts the server (again) on the same port (and data, when persistent), and waits until it answers.
   * The answer must come from this server (its process id): with test files running in parallel, a port
   * found free may be taken by another file's server before this one binds it, and talking to that one
   * would tie the tests together. Throws when this server exited (the port was taken).
   */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', ''];
    if (this.persistent) args.push('--appendonly', 'yes', '--appendfsync', 'always');
    else args.push('--appendonly', 'no');
    const server = spawn('redis-server', args, { detached: true, stdio: 'ignore' });
    this.#server = server;
    const probe = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {}); // refused until the server listens: what the loop waits out
    try {
      await waitUntil(
        'the private redis-server',
        async () => {
          if (server.exitCode !== null)
            throw new Error(`redis-server on port ${this.port} exited: port taken?`);
          // Each attempt is bounded: a connection cut during the handshake must not leave the loop waiting.
          const attempt = (async () => {
            await probe.connect();
            return (await probe.info('server')).includes(`process_id:${server.pid}\r\n`);
          })();
          const ours = await Promise.race([attempt, sleep(1_000).then(() => false)]).catch(() => false);
          if (!ours) probe.disconnect();
          return ours ? true : undefined;
        },
        // 5 s an attempt: start()'s three attempts stay within a test's 30 s and fail with a message.
        5_000,
      );
    } finally {
      probe.disconnect();
    }
  }

  /** Stops the server (SIGTERM: it writes its data) and waits for it to exit. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.on('exit', resolve));
    process.kill(-(server.pid as number), 'SIGTERM');
    await exited;
  }

  /** Stops the server and deletes its data. */
  async destroy(): Promise<void> {
    live.delete(this);
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const live = new Set<PrivateRedis>();

/** Destroys every private redis-server a test left (call in afterEach: a timed-out test skips its finally). */
export async function destroyPrivateRedis(): Promise<void> {
  await Promise.all([...live].map((redis) => redis.destroy()));
}

/**
 * The project's collector behind a gate: `hold` keeps requests unanswered (until `open`), `fail` answers
 * 503 without forwarding. `held` counts requests waiting at the gate.
 */
export class GatedCollector {
  mode: 'open' | 'hold' | 'fail' = 'open';
  held = 0;
  /** Requests that reached the gate. */
  requests = 0;
  #stopping = false;
  /** Requests answered 503 in `fail` mode. */
  failed = 0;
  #release: (() => void)[] = [];
  private constructor(
    readonly collector: Collector,
    readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<GatedCollector> {
    const collector = await startCollector({ port: 0 });
    let gate: GatedCollector | undefined;
    const server = createServer((req, res) => void (gate as GatedCollector).handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    gate = new GatedCollector(collector, server, `http://127.0.0.1:${port}`);
    return gate;
  }

  open(): void {
    this.mode = 'open';
    for (const release of this.#release.splice(0)) release();
  }

  async handle(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests += 1;
    if (this.mode === 'hold') {
      this.held += 1;
      await new Promise<void>((resolve) => this.#release.push(resolve));
      this.held -= 1;
      // Released by stop(): the collector behind is closing, so nothing is forwarded (a forward to it
      // would fail unhandled, after the test).
      if (this.#stopping) {
        res.destroy();
        return;
      }
    }
    if (this.mode === 'fail') {
      this.failed += 1;
      res.writeHead(503).end();
      return;
    }
    const headers: Record<string, string> = {};
    if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const body = method === 'POST' ? Buffer.concat(chunks) : null;
    const answer = await request(`${this.collector.url}${req.url}`, { method, headers, body });
    res.writeHead(answer.statusCode).end(Buffer.from(await answer.body.arrayBuffer()));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.open();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    await this.collector.stop();
  }
}
