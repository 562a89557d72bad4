/**
 * `plowtype worker redis|queue`: runs a worker in the foreground, feeding an AsyncEmitter to the
 * collector, until SIGINT or SIGTERM (or the given abort signal); then it finishes or hands back what is
 * in flight and exits 0. The CLI's `worker` command delegates here.
 */
import { parseArgs } from 'node:util';
import { AsyncEmitter } from '../emitters/async.js';
import { DEFAULT_REDIS_URL } from '../emitters/redis-client.js';
import { createLogger, type Logger } from '../logger.js';
import { RedisWorker } from './redis-worker.js';

/** Where the command writes, and what stops it (tests pass their own). */
export interface WorkerIo {
  /** @default process.stdout */
  stdout?: { write(text: string): unknown };
  /** Log lines. @default process.stderr */
  stderr?: { write(text: string): unknown };
  /** Stops the worker when aborted. @default SIGINT or SIGTERM */
  signal?: AbortSignal;
}

export const WORKER_USAGE = `Usage: plowtype worker redis --collector URL [--redis URL] [--key KEY] [options]

Delivers events that RedisEmitters wrote to a Redis list to a collector, at least once, until Ctrl-C
or SIGTERM (then it finishes or hands back what it holds, and exits 0). Run as many as you like on one
key: they share the load, and a live worker takes back the events of a dead one.

  --collector URL          the collector, e.g. https://c.example.com (required)
  --redis URL              Redis to read from (default ${DEFAULT_REDIS_URL})
  --key KEY                the list the RedisEmitters write to (default snowplow)
  --method post|get        how events are sent to the collector (default post)
  --concurrency N          batches in flight at once (default 1)
  --batch-size N           events per batch (default 100)
  --heartbeat-timeout MS   how long a silent worker counts as alive (default 30000)
  --verbose                log every batch
  -h, --help               show this help
`;

const FLAGS = {
  collector: { type: 'string' },
  redis: { type: 'string', default: DEFAULT_REDIS_URL },
  key: { type: 'string', default: 'snowplow' },
  method: { type: 'string', default: 'post' },
  concurrency: { type: 'string', default: '1' },
  'batch-size': { type: 'string', default: '100' },
  'heartbeat-timeout': { type: 'string', default: '30000' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

function positive(flag: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

function parse(argv: string[]) {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true as const };
  if (values.collector === undefined) throw new UsageError('--collector is required');
  const method = values.method;
  if (method !== 'post' && method !== 'get')
    throw new UsageError(`--method must be post or get, got '${method}'`);
  return {
    help: false as const,
    collector: values.collector,
    redis: values.redis,
    key: values.key,
    method: method as 'post' | 'get',
    concurrency: positive('concurrency', values.concurrency),
    batchSize: positive('batch-size', values['batch-size']),
    heartbeatTimeout: positive('heartbeat-timeout', values['heartbeat-timeout']),
    verbose: values.verbose,
  };
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** The collector's emitter: one request per batch slot (GET sends one event per request, so more). */
function collectorEmitter(options: Exclude<ReturnType<typeof parse>, { help: true }>, logger: Logger) {
  return new AsyncEmitter({
    endpoint: options.collector,
    method: options.method,
    bufferSize: options.method === 'get' ? 1 : options.batchSize,
    maxConcurrentRequests: options.concurrency * (options.method === 'get' ? 10 : 1),
    logger,
  });
}

/**
 * Runs `plowtype worker <kind> ...`; resolves with the exit code once stopped: 0, 1 when the worker
 * could not start, 2 for a usage error.
 */
export async function workerCommand(argv: string[], io: WorkerIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h') {
    (kind === undefined ? stderr : stdout).write(WORKER_USAGE);
    return kind === undefined ? 2 : 0;
  }
  let options: ReturnType<typeof parse>;
  try {
    if (kind !== 'redis') throw new UsageError(`unknown worker ${JSON.stringify(kind)}`);
    options = parse(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`plowtype worker: ${error.message}\n\n${WORKER_USAGE}`);
    return 2;
  }
  if (options.help) {
    stdout.write(WORKER_USAGE);
    return 0;
  }
  const logger = createLogger({
    level: options.verbose ? 'debug' : 'info',
    sink: (level, msg) => stderr.write(`plowtype worker ${level}: ${msg}\n`),
  });
  const stopped = untilAborted(io.signal);
  const emitter = collectorEmitter(options, logger);
  const { redis, key, batchSize, concurrency, heartbeatTimeout } = options;
  const worker = new RedisWorker({ emitter, logger, redis, key, batchSize, concurrency, heartbeatTimeout });
  try {
    await worker.start();
  } catch (error) {
    stderr.write(`plowtype worker: could not start: ${(error as Error).message}\n`);
    await worker.stop();
    await emitter.close({ timeout: 0 });
    return 1;
  }
  await stopped;
  await worker.stop();
  await emitter.close();
  return 0;
}
