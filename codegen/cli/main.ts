/**
 * The `plowtype` CLI: `generate`, `lint`, `micro` and `worker`. Exit codes: 0 ok, 1 problems found, 2 usage
 * error. `main()` has no side effects, so tests call it in process; `bin.ts` is the executable that calls it.
 */
import { isTrackerError } from 'plowtype/errors';
import { type CommandIo, EXIT } from './io.js';

const USAGE = `Usage: plowtype <command> [options]

Commands:
  generate   generate typed TypeScript from Iglu schemas (--check: verify generated/ is fresh)
  lint       check schemas the way igluctl lint does, plus SchemaVer bumps across versions
  micro      run a local validating collector
  worker     deliver events from Redis to a collector (worker redis, worker queue)

Run plowtype <command> --help for a command's options. plowtype --version prints the version.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

// Each command is loaded when it runs, so `lint` never loads the generator (json-schema-to-typescript), `generate` never
// the collector, and neither a Redis client.
const COMMANDS: Record<string, () => Promise<Command>> = {
  generate: async () => (await import('./generate.js')).generateCommand,
  lint: async () => (await import('./lint.js')).lintCommand,
  micro: async () => (await import('./micro.js')).microCommand,
  worker: async () => (await import('./worker.js')).workerCommand,
};

/**
 * Runs the CLI with `argv` (without `node` and the script), writing to `io`; resolves with the exit code.
 * Rejects only on an internal error (a bug), which the bin prints with exit code 1.
 */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    // Loaded only here: the runtime's entry (undici, the tracker) costs every other command ~0.1 s to load.
    const { VERSION } = await import('plowtype');
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    const load = topic !== undefined && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
    if (load) return run(topic as string, load, ['--help'], io);
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.stderr.write(`plowtype: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  return run(name, load, rest, io);
}

/**
 * Loads a command and runs it. A command whose optional peer dependencies are not installed (`worker`
 * without ioredis and bullmq) fails to load with a `ConfigError` that says what to install: printed, exit 1.
 */
async function run(
  name: string,
  load: () => Promise<Command>,
  argv: string[],
  io: CommandIo,
): Promise<number> {
  let command: Command;
  try {
    command = await load();
  } catch (error) {
    if (!isTrackerError(error, 'SP_ERR_CONFIG')) throw error;
    io.stderr.write(`plowtype ${name}: ${error.message}\n`);
    return EXIT.problems;
  }
  return command(argv, io);
}
