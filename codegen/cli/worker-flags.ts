/** The flags of `plowtype worker redis|queue`, their help text, and their parsing into options. */
import { DEFAULT_REDIS_URL } from 'plowtype/redis';
import { parseFlags, UsageError } from './io.js';

/** `plowtype worker --help`: every flag of both workers. */
export const WORKER_USAGE = `Usage: plowtype worker redis --collector URL [--redis URL] [--key KEY] [options]
       plowtype worker queue --collector URL [--redis URL] [--queue NAME] [options]

Delivers events to a collector until Ctrl-C or SIGTERM (then it finishes or hands back what it holds,
and exits 0). Run as many workers as you like, on any machines: they share the load.

worker redis: reads the Redis list RedisEmitters write to, at least once; a live worker takes back the
events a dead one held (after --heartbeat-timeout).
worker queue: runs the BullMQ jobs QueueEmitters add, with the attempts and backoff they set; jobs that
fail for good stay in the queue's failed set.

  --collector URL          the collector, e.g. https://c.example.com (required)
  --redis URL              Redis (default ${DEFAULT_REDIS_URL})
  --method post|get        how events are sent to the collector (default post)
  --concurrency N          slots taking batches (redis; each holds up to two batches in flight)
                           or jobs in flight (queue) at once (default 1)
  --verbose                log every batch or job
  -h, --help               show this help
worker redis only:
  --key KEY                the list the RedisEmitters write to (default snowplow)
  --batch-size N           events per batch (default 500)
  --heartbeat-timeout MS   how long a silent worker counts as alive (default 30000)
worker queue only:
  --queue NAME             the queue the QueueEmitters add to (default snowplow)
`;

const COMMON = {
  collector: { type: 'string' },
  redis: { type: 'string', default: DEFAULT_REDIS_URL },
  method: { type: 'string', default: 'post' },
  concurrency: { type: 'string', default: '1' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const REDIS = {
  ...COMMON,
  key: { type: 'string', default: 'snowplow' },
  'batch-size': { type: 'string', default: '500' },
  'heartbeat-timeout': { type: 'string', default: '30000' },
} as const;

const QUEUE = { ...COMMON, queue: { type: 'string', default: 'snowplow' } } as const;

function positive(flag: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text))
    throw new UsageError(`plowtype worker: --${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

function common(values: {
  collector?: string;
  method: string;
  redis: string;
  concurrency: string;
  verbose: boolean;
}) {
  if (values.collector === undefined) throw new UsageError('plowtype worker: --collector is required');
  const { method } = values;
  if (method !== 'post' && method !== 'get')
    throw new UsageError(`plowtype worker: --method must be post or get, got '${method}'`);
  return {
    collector: values.collector,
    method: method as 'post' | 'get',
    redis: values.redis,
    concurrency: positive('concurrency', values.concurrency),
    verbose: values.verbose,
  };
}

/** What a `worker` command line asks for. */
export type WorkerCommandLine =
  | { kind: 'help' }
  | ({ kind: 'redis'; key: string; batchSize: number; heartbeatTimeout: number } & ReturnType<typeof common>)
  | ({ kind: 'queue'; queue: string } & ReturnType<typeof common>);

/** Parses `worker <kind> ...flags`; throws a UsageError. */
export function parseWorkerArgs(kind: string, argv: string[]): WorkerCommandLine {
  if (kind === 'redis') {
    const values = parseFlags('worker', argv, REDIS);
    if (values.help) return { kind: 'help' };
    return {
      kind,
      ...common(values),
      key: values.key,
      batchSize: positive('batch-size', values['batch-size']),
      heartbeatTimeout: positive('heartbeat-timeout', values['heartbeat-timeout']),
    };
  }
  if (kind === 'queue') {
    const values = parseFlags('worker', argv, QUEUE);
    if (values.help) return { kind: 'help' };
    return { kind, ...common(values), queue: values.queue };
  }
  throw new UsageError(`plowtype worker: unknown worker ${JSON.stringify(kind)} (expected redis or queue)`);
}
