/**
 * `plowtype micro`: runs the local collector in the foreground and logs one line per event, until
 * SIGINT or SIGTERM (or the io's abort signal).
 */
import type { CollectedRecord } from 'plowtype/collector';
import { describeReload, formatReason, isLoopback, startCollector } from 'plowtype/collector';
import { type CommandIo, EXIT, parseFlags, UsageError, untilStopped, withUsage } from './io.js';

/** `plowtype micro --help` */
export const MICRO_USAGE = `Usage: plowtype micro [--port N] [--host HOST] [--registry DIR]... [--max-body-bytes N] [--max-events N] [--max-store-bytes N] [--token T] [--storage URL [--storage-table NAME]] [--debug]

Runs a local validating collector (in the spirit of Snowplow Micro) until Ctrl-C.
  --port N             port to listen on, 0 for a free one (default 9090)
  --host HOST          interface to listen on (default 127.0.0.1)
  --registry DIR       Iglu registry directory or URL whose schemas validate events; repeatable (default schemas)
  --max-body-bytes N   largest request body accepted (default 1000000)
  --max-events N       good and bad events kept each; the oldest are dropped past it (default 100000)
  --max-store-bytes N  estimated bytes of all events kept; the oldest are dropped past it (default 200000000)
  --token T            bearer token the /micro API requires (default: $PLOWTYPE_MICRO_TOKEN, else none)
  --storage URL        keep events in PostgreSQL (postgres://user@host:port/db) instead of memory only,
                       across restarts and shared by collectors on the same table
  --storage-table NAME table of --storage, created on start (default plowtype_micro_events)
  --debug              also log clients that went away, timed out or were refused (to stderr)
  -h, --help           show this help

Endpoints: GET /i, POST /com.snowplowanalytics.snowplow/tp2, /micro/all, /micro/good, /micro/bad, /micro/reset,
/micro/ui (the event inspector page)
`;

/** One line per stored record. */

/** One line per stored record. */
export function formatRecord(record: CollectedRecord): string {
  if (record.kind === 'good') {
    const e = record.event;
    const extra = e.contexts.length > 0 ? ` contexts=${e.contexts.join(',')}` : '';
    return `good ${e.eventType} ${e.schema} eid=${e.rawEvent.parameters.eid ?? '-'}${extra}`;
  }
  const eid = record.event.rawEvent?.parameters.eid;
  return `bad ${eid === undefined ? '' : `eid=${eid} `}${record.event.reasons.map(formatReason).join('; ')}`;
}

const FLAGS = {
  port: { type: 'string', default: '9090' },
  host: { type: 'string', default: '127.0.0.1' },
  registry: { type: 'string', multiple: true },
  'max-body-bytes': { type: 'string', default: '1000000' },
  'max-events': { type: 'string', default: '100000' },
  'max-store-bytes': { type: 'string', default: '200000000' },
  token: { type: 'string' },
  storage: { type: 'string', default: '' },
  'storage-table': { type: 'string', default: 'plowtype_micro_events' },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function number(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new UsageError(`plowtype micro: --${flag} must be a non-negative integer, got '${text}'`);
  return Number(text);
}

function parse(argv: string[]) {
  const values = parseFlags('micro', argv, FLAGS);
  return {
    help: values.help,
    debug: values.debug,
    token: values.token ?? process.env.PLOWTYPE_MICRO_TOKEN ?? '',
    storage: values.storage,
    storageTable: values['storage-table'],
    port: number('port', values.port),
    host: values.host,
    registries: values.registry ?? ['schemas'],
    maxBodyBytes: number('max-body-bytes', values['max-body-bytes']),
    maxEvents: number('max-events', values['max-events']),
    maxStoreBytes: number('max-store-bytes', values['max-store-bytes']),
  };
}

/**
 * Runs `plowtype micro`; resolves with the exit code once stopped: 0, or 1 when the collector could not
 * start (a registry, the port), or 2 for a usage error.
 */
export function microCommand(argv: string[], io: CommandIo): Promise<number> {
  return withUsage(io, MICRO_USAGE, async () => {
    const options = parse(argv);
    if (options.help) {
      io.stdout.write(MICRO_USAGE);
      return EXIT.ok;
    }
    return run(options, io);
  });
}

async function run(options: ReturnType<typeof parse>, io: CommandIo): Promise<number> {
  const { stdout, stderr } = io;
  const { help: _help, debug, ...collectorOptions } = options;
  try {
    const collector = await startCollector({
      ...collectorOptions,
      onEvent: (r) => stdout.write(`${formatRecord(r)}\n`),
      onSchemas: (reload) =>
        (reload.ok ? stdout : stderr).write(`plowtype micro: ${describeReload(reload)}\n`),
      onWarning: (line: string) => stderr.write(`plowtype micro: ${line}\n`),
      ...(debug ? { onDebug: (line: string) => stderr.write(`plowtype micro: debug: ${line}\n`) } : {}),
      onDrop: (n) => {
        if (n === 1) {
          const bounds = `${options.maxEvents} events of a kind or ${options.maxStoreBytes} bytes`;
          stderr.write(`plowtype micro: over ${bounds}, dropping the oldest\n`);
        }
      },
    });
    if (!isLoopback(options.host) && options.token === '') {
      stderr.write(
        `plowtype micro: listening on ${options.host} without --token: anyone who can reach it can read and reset its events\n`,
      );
    }
    stdout.write(
      `plowtype micro listening on ${collector.url} (${collector.schemaCount} schemas from ${options.registries.join(', ')}, watched); inspect events at ${collector.url}/micro/ui\n`,
    );
    if (options.storage !== '') {
      stdout.write(`plowtype micro: events kept in PostgreSQL table ${options.storageTable}\n`);
    }
    await untilStopped(io.signal);
    await collector.stop();
    const { good, bad } = collector.events.summary();
    stdout.write(`plowtype micro stopped: ${good} good, ${bad} bad\n`);
    return EXIT.ok;
  } catch (error) {
    stderr.write(`plowtype micro: ${(error as Error).message}\n`);
    return EXIT.problems;
  }
}
