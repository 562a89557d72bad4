/**
 * `plowtype worker redis|queue`: runs a worker in the foreground until SIGINT or SIGTERM (or the given
 * abort signal); then it finishes or hands back what is in flight and exits 0. The CLI's `worker`
 * command delegates here.
 */
import { AsyncEmitter } from '../emitters/async.js';
import { createLogger, type Logger } from '../logger.js';
import { parseWorkerArgs, UsageError, WORKER_USAGE, type WorkerCommandLine } from './cli-flags.js';
import { QueueWorker } from './queue-worker.js';
import { RedisWorker } from './redis-worker.js';

export { WORKER_USAGE };

/** Where the command writes, and what stops it (tests pass their own). */
export interface WorkerIo {
  /** @default process.stdout */
  stdout?: { write(text: string): unknown };
  /** Log lines. @default process.stderr */
  stderr?: { write(text: string): unknown };
  /** Stops the worker when aborted. @default SIGINT or SIGTERM */
  signal?: AbortSignal;
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

/** A running worker, whatever its kind: what the command starts and stops. */
interface Running {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The redis worker feeds an AsyncEmitter to the collector: two requests per batch slot (GET: one event
 * per request, so ten). It retries a failing collector without limit: meanwhile the events wait in
 * Redis, where they are safe, rather than being given up after a minute (a 4xx is still given up).
 */
function redisWorker(line: Extract<WorkerCommandLine, { kind: 'redis' }>, logger: Logger): Running {
  const emitter = new AsyncEmitter({
    endpoint: line.collector,
    method: line.method,
    bufferSize: line.method === 'get' ? 1 : line.batchSize,
    maxConcurrentRequests: line.concurrency * (line.method === 'get' ? 10 : 2),
    retry: { maxRetries: Number.POSITIVE_INFINITY },
    logger,
  });
  const { redis, key, batchSize, concurrency, heartbeatTimeout } = line;
  const worker = new RedisWorker({ emitter, logger, redis, key, batchSize, concurrency, heartbeatTimeout });
  return {
    start: () => worker.start(),
    stop: async () => {
      await worker.stop();
      await emitter.close();
    },
  };
}

function queueWorker(line: Extract<WorkerCommandLine, { kind: 'queue' }>, logger: Logger): Running {
  const { collector, method, redis, queue, concurrency } = line;
  return new QueueWorker({ collector, method, connection: redis, queue, concurrency, logger });
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
  let line: WorkerCommandLine;
  try {
    line = parseWorkerArgs(kind, rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`plowtype worker: ${error.message}\n\n${WORKER_USAGE}`);
    return 2;
  }
  if (line.kind === 'help') {
    stdout.write(WORKER_USAGE);
    return 0;
  }
  const logger = createLogger({
    level: line.verbose ? 'debug' : 'info',
    sink: (level, msg) => stderr.write(`plowtype worker ${level}: ${msg}\n`),
  });
  const stopped = untilAborted(io.signal);
  const worker = line.kind === 'redis' ? redisWorker(line, logger) : queueWorker(line, logger);
  try {
    await worker.start();
  } catch (error) {
    stderr.write(`plowtype worker: could not start: ${(error as Error).message}\n`);
    await worker.stop().catch(() => undefined);
    return 1;
  }
  await stopped;
  await worker.stop();
  return 0;
}
