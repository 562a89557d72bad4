/**
 * The `plowtype` CLI: `generate`, `lint`, `micro` and `worker`. Exit codes: 0 ok, 1 problems found, 2 usage error.
 * `main()` has no side effects, so tests call it in process; `bin.ts` is the executable that calls it.
 */
import { VERSION } from '../../src/version.js';
import { GENERATE_USAGE, generateCommand } from './generate.js';
import { type CommandIo, EXIT } from './io.js';
import { LINT_USAGE, lintCommand } from './lint.js';
import { microCommand } from './micro.js';
import { workerCommand } from './worker.js';

const USAGE = `Usage: plowtype <command> [options]

Commands:
  generate   generate typed TypeScript from Iglu schemas (--check: verify generated/ is fresh)
  lint       check schemas the way igluctl lint does, plus SchemaVer bumps across versions
  micro      run a local validating collector
  worker     deliver events from Redis to a collector (worker redis, worker queue)

Run plowtype <command> --help for a command's options. plowtype --version prints the version.
`;

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  generate: generateCommand,
  lint: lintCommand,
  micro: microCommand,
  worker: workerCommand,
};

const HELP: Record<string, string> = { generate: GENERATE_USAGE, lint: LINT_USAGE };

/** Runs the CLI with `argv` (without `node` and the script); resolves with the exit code. */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === 'micro') return microCommand(['--help'], io);
    if (topic === 'worker') return workerCommand(['--help'], io);
    io.stdout.write((topic !== undefined && HELP[topic]) || USAGE);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`plowtype: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  return command(rest, io);
}
