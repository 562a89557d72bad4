/**
 * `plowtype worker redis|queue`: runs a worker in the foreground until SIGINT or SIGTERM (or the io's
 * abort signal); then it finishes or hands back what is in flight and exits 0.
 */
import { AsyncEmitter, createLogger, type Logger } from 'plowtype';
import { QueueWorker, RedisWorker } from 'plowtype/redis';
import { type CommandIo, EXIT, untilStopped, withUsage } from './io.js';
import { parseWorkerArgs, WORKER_USAGE, type WorkerCommandLine } from './worker-flags.js';

export { WORKER_USAGE };

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
function redisWorker(
  line: Extract<WorkerCommandLine, { kind: 'redis' }>,
  logger: Logger,
  requestLogger: Logger,
): Running {
  const emitter = new AsyncEmitter({
    endpoint: line.collector,
    method: line.method,
    bufferSize: line.method === 'get' ? 1 : line.batchSize,
    maxConcurrentRequests: line.concurrency * (line.method === 'get' ? 10 : 2),
    retry: { maxRetries: Number.POSITIVE_INFINITY },
    logger: requestLogger,
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
export async function workerCommand(argv: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h') {
    (kind === undefined ? io.stderr : io.stdout).write(WORKER_USAGE);
    return kind === undefined ? EXIT.usage : EXIT.ok;
  }
  return withUsage(io, WORKER_USAGE, async () => {
    const line = parseWorkerArgs(kind, rest);
    if (line.kind === 'help') {
      io.stdout.write(WORKER_USAGE);
      return EXIT.ok;
    }
    return run(line, io);
  });
}

async function run(line: Exclude<WorkerCommandLine, { kind: 'help' }>, io: CommandIo): Promise<number> {
  const sink = (level: string, msg: string) => io.stderr.write(`plowtype worker ${level}: ${msg}\n`);
  const logger = createLogger({ level: line.verbose ? 'debug' : 'info', sink });
  // The emitter logs each request at info (as the seed's emitters do): per batch, so only with --verbose.
  const requestLogger = line.verbose ? logger : createLogger({ level: 'warn', sink });
  const stopped = untilStopped(io.signal);
  const worker = line.kind === 'redis' ? redisWorker(line, logger, requestLogger) : queueWorker(line, logger);
  try {
    await worker.start();
  } catch (error) {
    io.stderr.write(`plowtype worker: could not start: ${(error as Error).message}\n`);
    await worker.stop().catch(() => undefined);
    return EXIT.problems;
  }
  await stopped;
  await worker.stop();
  return EXIT.ok;
}
